/**
 * Every built-in template, played to its end with the runner as a visitor would, and checked as a
 * valid flow with a valid rule.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TEMPLATES, templateById } from './templates.ts';
import {
  applyAction,
  applyAnswer,
  applyReply,
  startConversation,
  stepViewOf,
  type ConversationState,
  type RunContext,
} from './flow-runner.ts';
import { validateFlow } from './flow-validation.ts';
import { validateRule } from '../rules/rule-validation.ts';
import { trainMatcher } from '../language/intent-matcher.ts';
import { renderTemplate } from './templating.ts';
import type { Flow } from './flow-model.ts';
import { breaksFrenchSpacing, breaksRussianSpacing, hasStraight } from '../test-support/typography.ts';

type Move = { reply: string } | { type: string } | { act: true };

const ctx: RunContext = {
  scope: { visitor: {}, page: { title: 'Trail Pack 28L', url: 'https://shop.example/shop/trail-pack-28.html' } },
  matchIntent: (text, branches) => trainMatcher(branches.intents).match(text).intent,
};

function play(flow: Flow, moves: Move[]): ConversationState {
  let state = startConversation(flow, ctx);
  for (const move of moves) {
    assert.equal(state.status, 'active', `${flow.id}: still going before ${JSON.stringify(move)}`);
    const result =
      'reply' in move
        ? applyReply(flow, state, state.nodeId, move.reply, ctx)
        : 'type' in move
          ? applyAnswer(flow, state, state.nodeId, move.type, ctx)
          : applyAction(flow, state, state.nodeId, ctx);
    assert.ok(result.ok, `${flow.id}: ${JSON.stringify(move)} refused (${result.ok ? '' : result.reason})`);
    state = result.state;
  }
  return state;
}

const lastBot = (s: ConversationState) => [...s.transcript].reverse().find((l) => l.from === 'bot')?.text ?? '';

describe('built-in templates', () => {
  test('there are eight, each a valid flow started by a valid rule', () => {
    assert.equal(TEMPLATES.length, 8);
    const ids = new Set(TEMPLATES.map((t) => t.flow.id));
    for (const t of TEMPLATES) {
      assert.ok(validateFlow(t.flow).ok, t.id);
      assert.ok(validateRule(t.rule, 'rule', ids).ok, t.id);
      assert.equal(t.rule.flowId, t.flow.id);
    }
  });

  test('greeter: one question, then a closing line; the default name fills in', () => {
    const flow = templateById('greeter')!.flow;
    assert.equal(startConversation(flow, ctx).transcript[0]?.text, 'Hi there! What brings you to Northwind today?');
    const named = startConversation(flow, { scope: { visitor: { firstName: 'Ana' } } });
    assert.match(named.transcript[0]!.text, /^Hi Ana!/);
    const end = play(flow, [{ reply: 'gift' }]);
    assert.equal(end.status, 'completed');
  });

  test('product finder: gets more specific at each step and recommends by trip length', () => {
    const flow = templateById('product-finder')!.flow;
    const week = play(flow, [{ reply: 'week' }, { reply: 'comfort' }]);
    assert.match(week.transcript.map((l) => l.text).join(' '), /Ridgeline 55/);
    assert.equal(stepViewOf(flow, week).kind, 'action');
    assert.equal(play(flow, [{ reply: 'day' }, { reply: 'light' }, { act: true }]).status, 'completed');
    assert.match(
      play(flow, [{ reply: 'weekend' }, { reply: 'light' }])
        .transcript.map((l) => l.text)
        .join(' '),
      /Summit 40/,
    );
  });

  test('quiz contest: scores three answers, reads the score, then a two-field entry form', () => {
    const flow = templateById('quiz-contest')!.flow;
    const end = play(flow, [
      { reply: 'b' },
      { reply: 'b' },
      { reply: 'a' },
      { type: 'Ana' },
      { type: 'ana@example.com' },
    ]);
    assert.equal(end.score, 3);
    assert.equal(end.status, 'completed');
    const said = end.transcript.map((l) => l.text).join('\n');
    assert.match(said, /A perfect 3 out of 3/);
    assert.match(lastBot(end), /You are in the draw/);
    const low = play(flow, [{ reply: 'a' }, { reply: 'a' }, { reply: 'b' }]);
    assert.match(low.transcript.map((l) => l.text).join('\n'), /You scored 0 out of 3/);
    const form = stepViewOf(flow, low);
    assert.deepEqual(form.kind === 'form' ? [form.index, form.total] : null, [0, 2]);
    assert.equal(applyAnswer(flow, low, low.nodeId, 'Ana', ctx).ok, true);
    const badEmail = applyAnswer(
      flow,
      play(flow, [{ reply: 'a' }, { reply: 'a' }, { reply: 'b' }, { type: 'Ana' }]),
      'enter',
      'not-an-email',
      ctx,
    );
    assert.equal(badEmail.ok ? '' : badEmail.message, 'email');
  });

  test('reassurance before checkout, pricing help: each reply ends with an answer', () => {
    for (const id of ['checkout-reassurance', 'pricing-help']) {
      const flow = templateById(id)!.flow;
      const ask = flow.nodes[flow.start];
      assert.ok(ask?.type === 'choice');
      for (const r of ask.replies) assert.equal(play(flow, [{ reply: r.id }]).status, 'completed', `${id}/${r.id}`);
    }
  });

  test('polite exit offer: a code only for someone who looked for a pack, copied with a button', () => {
    const flow = templateById('exit-offer')!.flow;
    const offered = play(flow, [{ reply: 'not-found' }, { reply: 'pack' }]);
    const step = stepViewOf(flow, offered);
    assert.deepEqual(step.kind === 'action' ? step.action : null, {
      kind: 'copy-code',
      label: 'Copy the code',
      code: 'TRAIL10',
    });
    assert.equal(play(flow, [{ reply: 'not-found' }, { reply: 'pack' }, { act: true }]).status, 'completed');
    assert.doesNotMatch(
      play(flow, [{ reply: 'found' }])
        .transcript.map((l) => l.text)
        .join(' '),
      /TRAIL10|off/,
    );
  });

  test('"what were you looking for?": free text in three languages goes to the right answer, or a polite fallback', () => {
    const flow = templateById('looking-for')!.flow;
    assert.match(lastBot(play(flow, [{ type: 'how long does shipping take?' }])), /2 working days/);
    assert.match(lastBot(play(flow, [{ type: 'je voudrais retourner mon sac' }])), /Returns are free/);
    assert.match(lastBot(play(flow, [{ type: 'какой размер мне нужен' }])), /fit guide/);
    assert.match(lastBot(play(flow, [{ type: 'zebra crossing on mars' }])), /noted/);
    const human = play(flow, [{ type: 'I want to talk to a person' }]);
    assert.equal(stepViewOf(flow, human).kind, 'action');
  });

  test('newsletter after an article: asks for an email and checks it', () => {
    const flow = templateById('article-newsletter')!.flow;
    const asked = play(flow, [{ reply: 'yes' }]);
    const bad = applyAnswer(flow, asked, asked.nodeId, 'nope', ctx);
    assert.equal(bad.ok ? '' : bad.message, 'email');
    const ok = applyAnswer(flow, asked, asked.nodeId, 'hiker@example.com', ctx);
    assert.ok(ok.ok && ok.state.status === 'completed' && ok.effects.attributes?.email === 'hiker@example.com');
  });
});

describe('variables are text, never markup', () => {
  test('hostile values in visitor attributes, page data and answers stay as typed', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    assert.equal(
      renderTemplate('Hi {{visitor.firstName|there}}', { visitor: { firstName: hostile } }),
      `Hi ${hostile}`,
    );
    assert.equal(
      renderTemplate('{{page.product.name}} at {{page.title}}', {
        page: { title: '"><script>', product: { name: '</li><b>x' } },
      }),
      '</li><b>x at "><script>',
    );
    assert.equal(
      renderTemplate('You said {{answers.ask}}', { answers: { ask: '{{visitor.firstName}}' } }),
      'You said {{visitor.firstName}}',
      'values are not expanded twice',
    );
    assert.equal(
      renderTemplate('{{constructor}} {{__proto__.x|d}} {{visitor.toString|none}}', { visitor: {} }),
      ' d none',
    );
  });
});

describe('message images', () => {
  test('a message node shows its embedded image with its alt text; web addresses are refused', () => {
    const dot = 'data:image/png;base64,iVBORw0KGgo=';
    const f: Flow = {
      id: 'img',
      version: 1,
      name: 'Img',
      persona: { name: 'S', avatar: 'S' },
      start: 'm',
      nodes: {
        m: { type: 'message', text: 'Look', image: { src: dot, alt: 'A pack for {{page.title|you}}' }, next: 'e' },
        e: { type: 'end', text: 'Bye' },
      },
    };
    assert.ok(validateFlow(f).ok);
    const s = startConversation(f, { scope: { page: { title: 'Ana' } } });
    assert.deepEqual(s.transcript[0], {
      from: 'bot',
      nodeId: 'm',
      text: 'Look',
      image: { src: dot, alt: 'A pack for Ana' },
    });
    const remote = validateFlow({
      ...f,
      nodes: {
        ...f.nodes,
        m: { type: 'message', text: 'Look', image: { src: 'https://tracker.example/p.png', alt: '' }, next: 'e' },
      },
    });
    assert.equal(remote.ok, false);
  });
});

describe('persona emoji policy', () => {
  test('none strips emoji, sparing keeps the first, friendly keeps all', async () => {
    const { withEmojiPolicy } = await import('./flow-runner.ts');
    const text = 'Great choice 🎒 see you on the trail 🌲👋';
    assert.equal(withEmojiPolicy(text, 'none'), 'Great choice see you on the trail');
    assert.equal(withEmojiPolicy(text, 'sparing'), 'Great choice 🎒 see you on the trail');
    assert.equal(withEmojiPolicy(text, 'friendly'), text);
    const f: Flow = {
      id: 'e',
      version: 1,
      name: 'E',
      persona: { name: 'S', avatar: 'S', emoji: 'none' },
      start: 'x',
      nodes: { x: { type: 'end', text: 'Bye 👋' } },
    };
    assert.equal(startConversation(f).transcript[0]?.text, 'Bye');
  });
});

describe('the templates speak English, French and Russian', () => {
  /** Every text of a flow a visitor reads (the keys the model declares per locale), with its path. */
  function visitorTexts(value: unknown, path: string, out: [string, unknown][] = []): [string, unknown][] {
    if (Array.isArray(value)) value.forEach((item, i) => visitorTexts(item, `${path}[${i}]`, out));
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        const at = `${path}.${key}`;
        if (key === 'correct' && typeof inner === 'boolean') continue; // a quiz option's flag, not its feedback
        if (['text', 'label', 'placeholder', 'correct', 'wrong', 'alt'].includes(key)) out.push([at, inner]);
        else if (key === 'intents')
          continue; // example phrases, already per language
        else visitorTexts(inner, at, out);
      }
    return out;
  }

  for (const template of TEMPLATES) {
    test(`${template.id}: every text, its name and summary are written in en, fr and ru, each its own`, () => {
      const texts = visitorTexts(template.flow.nodes, `${template.id}.nodes`);
      texts.push(
        [`${template.id}.persona.name`, template.flow.persona.name],
        [`${template.id}.title`, template.title],
        [`${template.id}.summary`, template.summary],
      );
      assert.ok(texts.length >= 5);
      for (const [path, text] of texts) {
        assert.equal(typeof text, 'object', `${path} is written per locale`);
        const { en, fr, ru } = text as { en?: string; fr?: string; ru?: string };
        assert.ok(en && fr && ru, `${path} has en, fr and ru`);
        assert.notEqual(fr, en, `${path}: the French is not the English`);
        if (!ru.includes('@')) assert.match(ru, /[а-яё]/i, `${path}: the Russian is in Cyrillic`);
        // Straight quotes and apostrophes are typed, not written: “ ” in English, « » in French and Russian, and ’.
        for (const [lang, said] of Object.entries({ en, fr, ru }))
          for (const mark of ['"', "'"] as const)
            assert.ok(!hasStraight(said, mark), `${path}.${lang}: no straight ${mark} in “${said}”`);
        // So a line never starts with a colon, a closing quote, a dash or a percent sign.
        assert.ok(!breaksFrenchSpacing(fr), `${path}: French spaces before punctuation do not break: “${fr}”`);
        assert.ok(!breaksRussianSpacing(ru), `${path}: Russian spaces do not break: “${ru}”`);
      }
      assert.equal(template.flow.defaultLocale, 'en');
    });
  }

  test('a French visitor reads the greeter in French, a German one in English', () => {
    const greeter = templateById('greeter')!.flow;
    const fr = startConversation(greeter, { ...ctx, locale: 'fr-FR' });
    assert.equal(fr.transcript[0]!.text, 'Bonjour\u202f! Qu’est-ce qui vous amène chez Northwind aujourd’hui\u202f?');
    const view = stepViewOf(greeter, fr, { ...ctx, locale: 'fr-FR' });
    assert.deepEqual(view.kind === 'choice' && view.replies.map((r) => r.label), [
      'Je jette un œil',
      'Je cherche un sac à dos',
      'Un cadeau à offrir',
    ]);
    const de = startConversation(greeter, { ...ctx, locale: 'de-DE' });
    assert.equal(de.transcript[0]!.text, 'Hi there! What brings you to Northwind today?');
  });
});
