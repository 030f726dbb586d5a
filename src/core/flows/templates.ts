/**
 * Built-in templates: the conversations of the source essays, each a complete flow with the rule
 * that starts it, written for the demo shop but meant to be adapted. Seeded on install (see
 * default-pack.ts) and played to their end by the `templates` journey.
 */
import { MODEL_VERSION, type Flow, type Persona } from './flow-model.ts';
import { RULE_VERSION, type Rule } from '../rules/rule-model.ts';

const PERSONA: Persona = {
  name: 'Sam from Northwind',
  avatar: 'S',
  tone: 'warm, brief, practical; no pressure',
  typingCps: 60,
  emoji: 'none',
  locales: { fr: { name: 'Sam de Northwind' }, ru: { name: 'Сэм из Northwind' } },
};

export interface Template {
  id: string;
  /** What it is for, in a sentence (shown when creating from a template). */
  summary: string;
  flow: Flow;
  rule: Rule;
}

const rule = (r: Omit<Rule, 'version' | 'enabled' | 'shadow' | 'entry'> & Partial<Pick<Rule, 'entry'>>): Rule => ({
  version: RULE_VERSION,
  enabled: true,
  shadow: false,
  entry: 'panel',
  ...r,
});
const flow = (f: Omit<Flow, 'version' | 'persona'>): Flow => ({ version: MODEL_VERSION, persona: PERSONA, ...f });

export const TEMPLATES: Template[] = [
  {
    id: 'greeter',
    summary: 'A greeter asking one question, to learn what brings the visitor here.',
    flow: flow({
      id: 'greeter',
      name: 'Greeter with one question',
      start: 'ask',
      nodes: {
        ask: {
          type: 'choice',
          text: 'Hi {{visitor.firstName|there}}! What brings you to Northwind today?',
          replies: [
            { id: 'browse', label: 'Just looking around', next: 'browse', tags: ['intent-browse'], tagDays: 30 },
            { id: 'pack', label: 'I need a backpack', next: 'pack', tags: ['intent-backpack'], tagDays: 30 },
            { id: 'gift', label: 'A gift for someone', next: 'gift', tags: ['intent-gift'], tagDays: 30 },
          ],
        },
        browse: { type: 'end', text: 'Enjoy the visit. The Journal has good reads for the next trip.' },
        pack: {
          type: 'end',
          text: 'Good timing: the Backpacks page has a finder that narrows it down in three questions.',
        },
        gift: { type: 'end', text: 'Lovely. Every order can come gift-wrapped, with the price left off the receipt.' },
      },
    }),
    rule: rule({
      id: 'greeter-home',
      name: 'Greet on the home page after a few seconds',
      trigger: { signal: 'dwell', seconds: 8 },
      conditions: [
        { kind: 'url', match: 'exact', pattern: '/' },
        { kind: 'visit-count', max: 1 },
      ],
      flowId: 'greeter',
      entry: 'pill',
      priority: 1,
      frequency: { every: 'visitor' },
    }),
  },
  {
    id: 'product-finder',
    summary: 'A step-by-step product finder that gets more specific at each step.',
    flow: flow({
      id: 'product-finder',
      name: 'Backpack finder',
      start: 'trip',
      nodes: {
        trip: {
          type: 'choice',
          text: 'Let me narrow it down. How long are your trips, usually?',
          replies: [
            { id: 'day', label: 'A day', next: 'carry', set: { trip: 'day' } },
            { id: 'weekend', label: 'A weekend', next: 'carry', set: { trip: 'weekend' } },
            { id: 'week', label: 'A week or more', next: 'carry', set: { trip: 'week' } },
          ],
        },
        carry: {
          type: 'choice',
          text: 'And what matters most when you carry it?',
          replies: [
            { id: 'light', label: 'As light as possible', next: 'route', set: { carry: 'light' } },
            { id: 'comfort', label: 'Comfort with a heavy load', next: 'route', set: { carry: 'comfort' } },
          ],
        },
        route: {
          type: 'condition',
          branches: [
            { when: [{ kind: 'variable', name: 'trip', op: 'equals', value: 'day' }], next: 'day-pack' },
            { when: [{ kind: 'variable', name: 'trip', op: 'equals', value: 'week' }], next: 'big-pack' },
          ],
          otherwise: 'mid-pack',
        },
        'day-pack': {
          type: 'message',
          text: 'For days out, the Daybreak 18 or the Trail Pack 28 (if you bring layers).',
          next: 'see',
        },
        'mid-pack': {
          type: 'message',
          text: 'For weekends, the Trail Pack 28 fits a night in a hut; the Summit 40 if you camp.',
          next: 'see',
        },
        'big-pack': {
          type: 'message',
          text: 'For a week, the Ridgeline 55: it carries weight on the hips, not the shoulders.',
          next: 'see',
        },
        see: { type: 'action', action: { kind: 'open-link', url: '/shop/', label: 'See the backpacks' }, next: 'done' },
        done: { type: 'end', text: 'Every pack has a fit guide, and returns are free for 30 days.' },
      },
    }),
    rule: rule({
      id: 'finder-category',
      name: 'Offer the finder on the backpacks page',
      trigger: { signal: 'scroll-depth', atLeast: 50 },
      conditions: [{ kind: 'url', match: 'exact', pattern: '/shop/' }],
      flowId: 'product-finder',
      entry: 'pill',
      priority: 4,
      frequency: { every: 'session' },
    }),
  },
  {
    id: 'quiz-contest',
    summary: 'A multi-question quiz contest with a score, a result and an entry form.',
    flow: flow({
      id: 'quiz-contest',
      name: 'Trail quiz contest',
      start: 'intro',
      nodes: {
        intro: { type: 'message', text: 'Three questions, one chance to win a Trail Pack 28. Ready?', next: 'q1' },
        q1: {
          type: 'quiz',
          text: 'How much water should you plan per hour of hiking in warm weather?',
          options: [
            { id: 'a', label: 'About 0.2 litre', points: 0, correct: false },
            { id: 'b', label: 'About 0.5 litre', points: 1, correct: true },
            { id: 'c', label: 'About 2 litres', points: 0, correct: false },
          ],
          feedback: {
            correct: 'Right: about half a litre an hour.',
            wrong: 'Close: it is about half a litre an hour.',
          },
          next: 'q2',
        },
        q2: {
          type: 'quiz',
          text: 'Where should the heaviest items sit in a pack?',
          options: [
            { id: 'a', label: 'At the bottom', points: 0, correct: false },
            { id: 'b', label: 'Close to your back, mid-height', points: 1, correct: true },
            { id: 'c', label: 'In the lid', points: 0, correct: false },
          ],
          feedback: {
            correct: 'Yes: close to your back keeps you balanced.',
            wrong: 'Not quite: close to your back, at mid-height.',
          },
          next: 'q3',
        },
        q3: {
          type: 'quiz',
          text: 'What does the "10 essentials" list start with?',
          options: [
            { id: 'a', label: 'Navigation', points: 1, correct: true },
            { id: 'b', label: 'Snacks', points: 0, correct: false },
          ],
          next: 'result',
        },
        result: {
          type: 'result',
          ranges: [
            { min: 3, text: 'A perfect {{score}} out of 3. You know your trails!' },
            { min: 1, text: 'You scored {{score}} out of 3. Not bad at all.' },
            { min: 0, text: 'You scored {{score}} out of 3. The Journal will help next time.' },
          ],
          next: 'enter',
        },
        enter: {
          type: 'form',
          text: 'Enter the draw for a Trail Pack 28:',
          fields: [
            { id: 'name', label: 'Your first name?', input: 'text', required: true, attribute: 'firstName' },
            {
              id: 'email',
              label: 'And your email, to tell you if you win?',
              input: 'email',
              required: true,
              attribute: 'email',
            },
          ],
          next: 'tagged',
        },
        tagged: { type: 'action', action: { kind: 'tag', tags: ['quiz-entrant'] }, next: 'bye' },
        bye: { type: 'end', text: 'You are in the draw, {{visitor.firstName|friend}}. Good luck!' },
      },
    }),
    rule: rule({
      id: 'quiz-journal',
      name: 'Quiz for readers of the Journal',
      trigger: { signal: 'dwell', seconds: 40 },
      conditions: [
        { kind: 'url', match: 'glob', pattern: '/journal/*' },
        { kind: 'visitor-tag', tag: 'quiz-entrant', present: false },
      ],
      flowId: 'quiz-contest',
      entry: 'pill',
      priority: 3,
      frequency: { every: 'days', days: 7 },
    }),
  },
  {
    id: 'checkout-reassurance',
    summary: 'Reassurance before checkout: delivery, returns, payment safety.',
    flow: flow({
      id: 'checkout-reassurance',
      name: 'Reassurance before checkout',
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
        delivery: {
          type: 'end',
          text: 'Orders placed before 3 pm leave the same day and usually arrive in 2 working days.',
        },
        returns: { type: 'end', text: 'You have 30 days to return anything unused, and the return label is on us.' },
        payment: {
          type: 'end',
          text: 'Payments go through an encrypted connection; we never see or store your card number.',
        },
        fine: { type: 'end', text: 'Great. Have a good trip!' },
      },
    }),
    rule: rule({
      id: 'checkout-exit',
      name: 'Leaving the checkout',
      trigger: { signal: 'exit-intent' },
      conditions: [{ kind: 'url', match: 'glob', pattern: '/checkout*' }],
      flowId: 'checkout-reassurance',
      priority: 20,
      frequency: { every: 'days', days: 1 },
    }),
  },
  {
    id: 'pricing-help',
    summary: 'Help for someone hesitating on a pricing table.',
    flow: flow({
      id: 'pricing-help',
      name: 'Help choosing a plan',
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
        plus: {
          type: 'end',
          text: 'Plus is the favourite for regular hikers: free rentals pay for it in about two trips.',
        },
        pro: { type: 'end', text: 'Pro adds group rentals and priority repairs, made for people who lead trips.' },
      },
    }),
    rule: rule({
      id: 'pricing-scroll',
      name: 'Reading the pricing table',
      trigger: { signal: 'scroll-depth', atLeast: 50 },
      conditions: [{ kind: 'url', match: 'glob', pattern: '/pricing*' }],
      flowId: 'pricing-help',
      priority: 10,
      frequency: { every: 'days', days: 7 },
    }),
  },
  {
    id: 'exit-offer',
    summary: 'An exit-intent offer that is polite about it: ask first, offer a code only if it helps.',
    flow: flow({
      id: 'exit-offer',
      name: 'Polite exit question',
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
        tell: {
          type: 'input',
          text: 'Tell me in a few words, and we will look into it.',
          placeholder: 'What were you looking for?',
          next: 'thanks',
        },
        thanks: { type: 'end', text: 'Thank you, that helps us a lot. Have a good day!' },
        bye: { type: 'end', text: 'Lovely. Enjoy the trail, and come back any time.' },
        packs: {
          type: 'message',
          text: 'Our Backpacks page has packs from 18 to 65 litres. If it helps you decide today, here is 10 % off your first order.',
          next: 'code',
        },
        code: {
          type: 'action',
          action: { kind: 'copy-code', code: 'TRAIL10', label: 'Copy the code' },
          next: 'packs-end',
        },
        'packs-end': { type: 'end', text: 'It works at checkout for the next 7 days. No pressure.' },
        fit: {
          type: 'end',
          text: 'Every pack page has a fit guide by torso length. If it does not fit, returns are free.',
        },
        delivery: {
          type: 'end',
          text: 'Delivery is free over €50, and €4.90 below that. Most orders arrive in 2 working days.',
        },
      },
    }),
    rule: rule({
      id: 'exit-anywhere',
      name: 'Leaving any other page',
      trigger: { signal: 'exit-intent' },
      conditions: [],
      flowId: 'exit-offer',
      priority: 0,
      frequency: { every: 'days', days: 1 },
    }),
  },
  {
    id: 'looking-for',
    summary: '"What were you looking for?": a learning question for someone scanning, answered in their own words.',
    flow: flow({
      id: 'looking-for',
      name: 'What were you looking for?',
      start: 'ask',
      nodes: {
        ask: {
          type: 'input',
          text: 'Looking for something in particular? Tell me in your own words.',
          placeholder: 'e.g. how long delivery takes',
          match: {
            intents: {
              price: {
                en: ['how much does it cost', 'price', 'is there a discount'],
                fr: ['combien ça coûte', 'prix', 'une réduction'],
                ru: ['сколько стоит', 'цена', 'есть скидка'],
              },
              delivery: {
                en: ['how long is delivery', 'shipping cost', 'when will it arrive'],
                fr: ['délai de livraison', 'frais de port', 'quand vais-je recevoir'],
                ru: ['сколько идёт доставка', 'стоимость доставки', 'когда придёт заказ'],
              },
              returns: {
                en: ['can I return it', 'refund', 'exchange a product'],
                fr: ['puis-je le retourner', 'remboursement', 'échanger un article'],
                ru: ['можно вернуть', 'возврат денег', 'обменять товар'],
              },
              'size-fit': {
                en: ['which size', 'will it fit me', 'torso length'],
                fr: ['quelle taille', 'est-ce que ça me va', 'longueur du dos'],
                ru: ['какой размер', 'подойдёт ли мне', 'длина спины'],
              },
              human: {
                en: ['talk to a person', 'customer service', 'call someone'],
                fr: ['parler à quelqu’un', 'service client', 'appeler un conseiller'],
                ru: ['поговорить с человеком', 'служба поддержки', 'позвонить оператору'],
              },
            },
            next: { price: 'price', delivery: 'delivery', returns: 'returns', 'size-fit': 'fit', human: 'human' },
            fallback: 'noted',
          },
          tags: ['asked-looking-for'],
        },
        price: { type: 'end', text: 'Prices are on each product; members of the Club pay 10 % less.' },
        delivery: { type: 'end', text: 'Delivery takes about 2 working days, free over €50.' },
        returns: { type: 'end', text: 'Returns are free for 30 days, and refunds arrive within a week.' },
        fit: { type: 'end', text: 'Each pack has a fit guide by torso length, and sizes can be exchanged for free.' },
        human: {
          type: 'action',
          text: 'Our team answers by email within a working day.',
          action: { kind: 'handoff', url: 'mailto:help@northwind.example', label: 'Write to the team' },
          next: 'human-end',
        },
        'human-end': { type: 'end', text: 'Thanks, they will be glad to help.' },
        noted: { type: 'end', text: 'Thank you, noted. It helps us improve the shop.' },
      },
    }),
    rule: rule({
      id: 'looking-for-scan',
      name: 'Ask someone scanning the shop',
      trigger: { signal: 'scanning' },
      conditions: [{ kind: 'url', match: 'glob', pattern: '/shop/*' }],
      flowId: 'looking-for',
      priority: 6,
      frequency: { every: 'days', days: 3 },
    }),
  },
  {
    id: 'article-newsletter',
    summary: 'A newsletter offer after an article was read to the end.',
    flow: flow({
      id: 'article-newsletter',
      name: 'Trail tips after an article',
      start: 'ask',
      nodes: {
        ask: {
          type: 'choice',
          text: 'You read all the way down. Would one practical trail tip a week be useful?',
          replies: [
            { id: 'yes', label: 'Yes, please', next: 'email', tags: ['newsletter-interested'] },
            { id: 'no', label: 'No, thanks', next: 'no' },
          ],
        },
        email: {
          type: 'input',
          input: 'email',
          text: 'Where should I send it?',
          placeholder: 'you@example.com',
          attribute: 'email',
          tags: ['newsletter'],
          next: 'yes',
        },
        yes: { type: 'end', text: 'Done. First tip on Monday; one click unsubscribes.' },
        no: { type: 'end', text: 'No problem. Happy reading!' },
      },
    }),
    rule: rule({
      id: 'article-end',
      name: 'Finished an article',
      trigger: { signal: 'scroll-depth', atLeast: 100 },
      conditions: [
        { kind: 'url', match: 'glob', pattern: '/journal/*' },
        { kind: 'visitor-tag', tag: 'newsletter', present: false },
      ],
      flowId: 'article-newsletter',
      priority: 5,
      frequency: { every: 'days', days: 30 },
    }),
  },
];

/** A template by id. */
export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
