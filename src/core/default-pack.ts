/**
 * Flows and rules seeded on install. They fit the bundled demo shop (Northwind Outfitters) but
 * are written to make sense on any shop: URL conditions use path patterns.
 */
import { MODEL_VERSION, RULE_VERSION, type Flow, type Persona, type Rule } from './model.ts';

const persona: Persona = { name: 'Sam from Northwind', avatar: 'S' };

export const DEFAULT_FLOWS: Flow[] = [
  {
    id: 'exit-offer',
    version: MODEL_VERSION,
    name: 'Polite exit question',
    persona,
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: 'Before you go: did you find what you were looking for?',
        replies: [
          { id: 'found', label: 'Yes, just browsing', next: 'bye', tags: ['browsing'] },
          { id: 'not-found', label: 'Not quite', next: 'what', tags: ['searching'] },
        ],
      },
      what: {
        type: 'choice',
        text: 'Sorry about that. What were you after?',
        replies: [
          { id: 'pack', label: 'A backpack', next: 'packs', tags: ['interest-backpacks'] },
          { id: 'fit', label: 'Sizes and fit', next: 'fit', tags: ['interest-fit'] },
          { id: 'delivery', label: 'Delivery costs', next: 'delivery', tags: ['interest-delivery'] },
          { id: 'other', label: 'Something else', next: 'tell', tags: ['interest-other'] },
        ],
      },
      tell: { type: 'input', text: 'Tell me in a few words, and we will look into it.', placeholder: 'What were you looking for?', next: 'thanks' },
      thanks: { type: 'end', text: 'Thank you, that helps us a lot. Have a good day!' },
      bye: { type: 'end', text: 'Lovely. Enjoy the trail, and come back any time.' },
      packs: { type: 'end', text: 'Our Backpacks page has packs from 18 to 65 litres, each with 30 days of free returns.' },
      fit: { type: 'end', text: 'Every pack page has a fit guide by torso length. If it does not fit, returns are free.' },
      delivery: { type: 'end', text: 'Delivery is free over €50, and €4.90 below that. Most orders arrive in 2 working days.' },
    },
  },
  {
    id: 'checkout-reassurance',
    version: MODEL_VERSION,
    name: 'Reassurance before checkout',
    persona,
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: 'Anything I can clear up before you pay?',
        replies: [
          { id: 'delivery', label: 'Delivery time', next: 'delivery', tags: ['worry-delivery'] },
          { id: 'returns', label: 'Returns', next: 'returns', tags: ['worry-returns'] },
          { id: 'payment', label: 'Is payment safe?', next: 'payment', tags: ['worry-payment'] },
          { id: 'fine', label: 'All good, thanks', next: 'fine' },
        ],
      },
      delivery: { type: 'end', text: 'Orders placed before 3 pm leave the same day and usually arrive in 2 working days.' },
      returns: { type: 'end', text: 'You have 30 days to return anything unused, and the return label is on us.' },
      payment: { type: 'end', text: 'Payments go through an encrypted connection; we never see or store your card number.' },
      fine: { type: 'end', text: 'Great. Have a good trip!' },
    },
  },
  {
    id: 'pricing-help',
    version: MODEL_VERSION,
    name: 'Help choosing a plan',
    persona,
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: 'Comparing plans? Tell me how often you head out and I will point you to one.',
        replies: [
          { id: 'few', label: 'A few times a year', next: 'basic', tags: ['plan-basic'] },
          { id: 'weekends', label: 'Most weekends', next: 'plus', tags: ['plan-plus'] },
          { id: 'guide', label: 'I guide trips', next: 'pro', tags: ['plan-pro'] },
        ],
      },
      basic: { type: 'end', text: 'Basic fits you well: member prices and free repairs, without a monthly fee.' },
      plus: { type: 'end', text: 'Plus is the favourite for regular hikers: free rentals pay for it in about two trips.' },
      pro: { type: 'end', text: 'Pro adds group rentals and priority repairs, made for people who lead trips.' },
    },
  },
  {
    id: 'article-newsletter',
    version: MODEL_VERSION,
    name: 'Trail tips after an article',
    persona,
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: 'You read all the way down. Would one practical trail tip a week be useful?',
        replies: [
          { id: 'yes', label: 'Yes, please', next: 'yes', tags: ['newsletter-interested'] },
          { id: 'no', label: 'No, thanks', next: 'no' },
        ],
      },
      yes: { type: 'end', text: 'Noted. You will find the sign-up at the bottom of every Journal page, one email a week.' },
      no: { type: 'end', text: 'No problem. Happy reading!' },
    },
  },
];

export const DEFAULT_RULES: Rule[] = [
  {
    id: 'checkout-exit',
    version: RULE_VERSION,
    name: 'Leaving the checkout',
    enabled: true,
    shadow: false,
    trigger: { signal: 'exit-intent' },
    conditions: [{ kind: 'url', match: 'glob', pattern: '/checkout*' }],
    flowId: 'checkout-reassurance',
    entry: 'panel',
    priority: 20,
    frequency: { every: 'days', days: 1 },
  },
  {
    id: 'pricing-scroll',
    version: RULE_VERSION,
    name: 'Reading the pricing table',
    enabled: true,
    shadow: false,
    trigger: { signal: 'scroll-depth', atLeast: 50 },
    conditions: [{ kind: 'url', match: 'glob', pattern: '/pricing*' }],
    flowId: 'pricing-help',
    entry: 'panel',
    priority: 10,
    frequency: { every: 'days', days: 7 },
  },
  {
    id: 'article-end',
    version: RULE_VERSION,
    name: 'Finished an article',
    enabled: true,
    shadow: false,
    trigger: { signal: 'scroll-depth', atLeast: 100 },
    conditions: [{ kind: 'url', match: 'glob', pattern: '/journal/*' }],
    flowId: 'article-newsletter',
    entry: 'panel',
    priority: 5,
    frequency: { every: 'days', days: 30 },
  },
  {
    id: 'exit-anywhere',
    version: RULE_VERSION,
    name: 'Leaving any other page',
    enabled: true,
    shadow: false,
    trigger: { signal: 'exit-intent' },
    conditions: [],
    flowId: 'exit-offer',
    entry: 'panel',
    priority: 0,
    frequency: { every: 'days', days: 1 },
  },
];
