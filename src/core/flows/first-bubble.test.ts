import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { notingReads, pageSafeLines } from './first-bubble.ts';
import { startConversation, type RunContext } from './flow-runner.ts';
import { MODEL_VERSION, type Flow } from './flow-model.ts';

const conditions = (tags: string[]): RunContext['conditions'] => ({
  now: 0,
  url: 'https://shop.example/p',
  pageStartedAt: 0,
  page: {},
  profile: { tags },
  segments: [],
  visitCount: 1,
  localMinutes: 600,
  localDay: 1,
});
const page = { page: { title: 'Trail pack 28', url: 'https://shop.example/p' } };
/** What the background knows of the visitor, and the same run knowing nothing of them. */
const known = (firstName: string, tags: string[] = []): RunContext => ({
  scope: { ...page, visitor: { firstName } },
  conditions: conditions(tags),
});
const anonymous: RunContext = { scope: { ...page, visitor: {} }, conditions: conditions([]) };

function flowOpening(first: string, extra: Partial<Flow> = {}): Flow {
  return {
    id: 'f',
    version: MODEL_VERSION,
    name: 'F',
    persona: { name: 'Sam', avatar: 'S' },
    start: 'hello',
    nodes: {
      hello: { type: 'message', text: first, next: 'ask' },
      ask: { type: 'choice', text: 'Can I help?', replies: [{ id: 'y', label: 'Yes' }] },
    },
    ...extra,
  };
}

const opened = (flow: Flow, ctx: RunContext) => startConversation(flow, ctx).transcript;

test('the opening lines are painted at once when they say nothing of the visitor', () => {
  const flow = flowOpening('Looking at {{page.title}}?');
  assert.deepEqual(pageSafeLines(flow, opened(flow, known('Alice')), anonymous), [
    'Looking at Trail pack 28?',
    'Can I help?',
  ]);
});

test('an opening that names the visitor is left to the frame', () => {
  const flow = flowOpening('Hi {{visitor.firstName|there}}!');
  assert.deepEqual(pageSafeLines(flow, opened(flow, known('Alice')), anonymous), []);
  // Knowing nothing of this visitor either: the same words, so the page may hold them.
  assert.deepEqual(pageSafeLines(flow, opened(flow, anonymous), anonymous), ['Hi there!', 'Can I help?']);
});

test('an opening chosen by the visitor’s tags is left to the frame', () => {
  const flow: Flow = {
    ...flowOpening('unused'),
    start: 'pick',
    nodes: {
      pick: {
        type: 'condition',
        branches: [{ when: [{ kind: 'visitor-tag', tag: 'trekker', present: true }], next: 'trek' }],
        otherwise: 'ask',
      },
      trek: { type: 'message', text: 'Back for a long trip?', next: 'ask' },
      ask: { type: 'choice', text: 'Can I help?', replies: [{ id: 'y', label: 'Yes' }] },
    },
  };
  assert.deepEqual(pageSafeLines(flow, opened(flow, known('', ['trekker'])), anonymous), []);
  assert.deepEqual(pageSafeLines(flow, opened(flow, known('', ['day-hiker'])), anonymous), ['Can I help?']);
});

test('whatever the visitor is called, their name never reaches the page’s first bubble', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '' && !'Hi there!'.includes(s)),
      fc.constantFrom('Hi {{visitor.firstName}}!', 'Hi {{visitor.firstName|there}}!', 'Hi {{ visitor.firstName }}!'),
      (name, text) => {
        const flow = flowOpening(text);
        const lines = pageSafeLines(flow, opened(flow, known(name)), anonymous);
        assert.ok(lines.every((line) => !line.includes(name)));
      },
    ),
  );
});

test('an opening that reads the page context is noted, one that reads only the URL or nothing is not', () => {
  /** Whether opening `flow` read the page's data, watched as the background watches it. */
  const readsPage = (flow: Flow) => {
    let read = false;
    const noted = () => (read = true);
    startConversation(flow, {
      scope: { page: notingReads({ ...page.page }, noted, ['url']), visitor: {} },
      conditions: { ...conditions([])!, page: notingReads({ viewport: { width: 1200, height: 800 } }, noted) },
    });
    return read;
  };
  assert.equal(readsPage(flowOpening('Looking at {{page.title}}?')), true);
  assert.equal(readsPage(flowOpening('Need {{page.product.name|help}}?')), true);
  assert.equal(readsPage(flowOpening('Hello!')), false);
  assert.equal(readsPage(flowOpening('Still on {{page.url}}?')), false);
  assert.equal(readsPage(flowOpening('Hi {{visitor.firstName|there}}!')), false);
  // A branch on the device reads the conditions' page context.
  const byDevice: Flow = {
    ...flowOpening('unused'),
    start: 'pick',
    nodes: {
      pick: {
        type: 'condition',
        branches: [{ when: [{ kind: 'device', devices: ['mobile'] }], next: 'ask' }],
        otherwise: 'ask',
      },
      ask: { type: 'choice', text: 'Can I help?', replies: [{ id: 'y', label: 'Yes' }] },
    },
  };
  assert.equal(readsPage(byDevice), true);
});
