import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { SenderInfo } from './message-boundary.ts';
import type { BackgroundMessageType, SenderRole, ToBackground } from './protocol.ts';
import { DEFAULT_FLOWS, DEFAULT_RULES } from '../core/flows/default-pack.ts';
import { randomId } from './ids.ts';
import fc from 'fast-check';
import * as v from 'valibot';

// protocol.ts imports browser-api.ts, which reads the `chrome` global when it loads. Node has no
// such global, so give it an empty one before loading the modules under test.
const g = globalThis as unknown as { chrome?: unknown };
g.chrome ??= {};
const { senderRole, checkBackgroundMessage } = await import('./message-boundary.ts');
const { PROTOCOL, checkContentMessage, CONTENT_MESSAGES } = await import('./protocol.ts');

const EXT_ID = 'kdjfhgkjdfhgkjdhfgkjdhfgkjdhfgkj';
const EXT_ORIGIN = `chrome-extension://${EXT_ID}/`;
const FF_ORIGIN = 'moz-extension://6f1c2b3a-1d2e-4f5a-9b8c-7d6e5f4a3b2c/';
const PAGE_VIEW = '3f2b9c4e-8a1d-4c7e-9b21-5d6f7a8b9c0d';
const CONV = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const ROLES_ALL: SenderRole[] = ['content', 'overlay', 'extension-page'];

const envelope = (type: string, payload: unknown) => ({ protocol: PROTOCOL, type, payload });

// ---------------------------------------------------------------- senderRole

describe('senderRole', () => {
  const role = (sender: SenderInfo, origin = EXT_ORIGIN) => senderRole(sender, EXT_ID, origin);
  const refused = (sender: SenderInfo, origin = EXT_ORIGIN): string => {
    const r = role(sender, origin);
    assert.equal(typeof r, 'object', `expected a refusal, got ${JSON.stringify(r)}`);
    return (r as { refused: string }).refused;
  };

  test('a content script in the top frame of an http(s) tab is "content"', () => {
    assert.equal(
      role({ id: EXT_ID, url: 'https://shop.example/pricing?plan=plus#faq', tabId: 7, frameId: 0 }),
      'content',
    );
    assert.equal(role({ id: EXT_ID, url: 'http://localhost:8080/', tabId: 0, frameId: 0 }), 'content');
  });

  test('a content script in a subframe is refused', () => {
    assert.match(
      refused({ id: EXT_ID, url: 'https://ads.example/frame', tabId: 7, frameId: 3 }),
      /unexpected sender https:\/\/ads\.example\/frame/,
    );
    refused({ id: EXT_ID, url: 'https://shop.example/', tabId: 7 });
  });

  test('a web page URL without a tab is refused', () => {
    refused({ id: EXT_ID, url: 'https://shop.example/', frameId: 0 });
  });

  test('non-http pages with a tab are refused', () => {
    for (const url of ['file:///home/me/page.html', 'about:blank', 'data:text/html,hi', 'javascript:alert(1)', '']) {
      refused({ id: EXT_ID, url, tabId: 1, frameId: 0 });
    }
    refused({ id: EXT_ID, tabId: 1, frameId: 0 });
  });

  test('another extension, or a page with no extension id, is refused', () => {
    assert.match(
      refused({ id: 'someotherextensionidxxxxxxxxxxxx', url: 'https://shop.example/', tabId: 7, frameId: 0 }),
      /another extension/,
    );
    assert.match(refused({ url: `${EXT_ORIGIN}options.html` }), /id none/);
    assert.match(refused({ id: 'evil', url: `${EXT_ORIGIN}overlay.html`, tabId: 7, frameId: 2 }), /another extension/);
  });

  test('the overlay frame (overlay.html inside a tab) is "overlay"', () => {
    assert.equal(role({ id: EXT_ID, url: `${EXT_ORIGIN}overlay.html#${CONV}`, tabId: 7, frameId: 4 }), 'overlay');
    assert.equal(role({ id: EXT_ID, url: `${EXT_ORIGIN}overlay.html?x=1`, tabId: 7, frameId: 4 }), 'overlay');
    assert.equal(role({ id: EXT_ID, url: `${FF_ORIGIN}overlay.html`, tabId: 7, frameId: 4 }, FF_ORIGIN), 'overlay');
  });

  test('overlay.html outside a tab is refused', () => {
    assert.equal(refused({ id: EXT_ID, url: `${EXT_ORIGIN}overlay.html` }), 'overlay frame outside a tab');
  });

  test('the options and popup pages are "extension-page", with or without a tab', () => {
    assert.equal(role({ id: EXT_ID, url: `${EXT_ORIGIN}options.html` }), 'extension-page');
    assert.equal(role({ id: EXT_ID, url: `${EXT_ORIGIN}options.html#rules`, tabId: 3, frameId: 0 }), 'extension-page');
    assert.equal(role({ id: EXT_ID, url: `${EXT_ORIGIN}popup.html` }), 'extension-page');
    assert.equal(role({ id: EXT_ID, url: `${FF_ORIGIN}popup.html` }, FF_ORIGIN), 'extension-page');
  });

  test('an unknown extension page is refused and named', () => {
    assert.equal(refused({ id: EXT_ID, url: `${EXT_ORIGIN}debug.html` }), 'unknown extension page debug.html');
    refused({ id: EXT_ID, url: `${EXT_ORIGIN}sub/overlay.html`, tabId: 7 });
    refused({ id: EXT_ID, url: EXT_ORIGIN });
  });

  test('a page of another extension origin is not taken for ours', () => {
    refused({ id: EXT_ID, url: 'chrome-extension://otherotherotherotherotherother/options.html' });
  });

  test('a refusal never repeats a very long URL in full', () => {
    const long = `https://shop.example/${'a'.repeat(5000)}`;
    assert.ok(refused({ id: EXT_ID, url: long, tabId: 1, frameId: 2 }).length < 120);
  });
});

// ---------------------------------------------------------------- checkBackgroundMessage

/** One realistic request per message type; the type makes sure no message is forgotten. */
const VALID: { [K in BackgroundMessageType]: ToBackground[K]['req'] } = {
  'page/hello': {
    pageViewId: PAGE_VIEW,
    url: 'https://shop.example/pricing?plan=plus',
    title: 'Pricing — Northwind Outfitters',
  },
  'page/goal-click': { pageViewId: PAGE_VIEW, selector: '#add-to-cart' },
  'page/approval': { pageViewId: PAGE_VIEW, context: { lang: 'fr', title: 'Pricing' } },
  'page/signal': {
    pageViewId: PAGE_VIEW,
    signal: { type: 'scroll-depth', percent: 75 },
    quiet: { typing: false, selecting: false, scrollingFast: true, media: false, fullscreen: false },
    context: {
      lang: 'fr',
      referrer: 'https://search.example/',
      utm: { source: 'news', campaign: 'autumn' },
      product: { name: 'Trail Pack', price: 129, currency: 'EUR' },
      viewport: { width: 1280, height: 800 },
      touch: false,
    },
    predicted: { ruleId: 'exit-offer', flowId: 'exit-offer', conversationId: CONV },
  },
  'overlay/attach': { conversationId: CONV },
  'overlay/reply': { conversationId: CONV, nodeId: 'ask', lines: 2, replyId: 'not-found' },
  'overlay/answer': { conversationId: CONV, nodeId: 'tell', lines: 4, text: 'A two-person tent, <b>light</b> please' },
  'overlay/resize': { conversationId: CONV, width: 360, height: 212.5 },
  'overlay/close': { conversationId: CONV, reason: 'dismissed' },
  'overlay/why': { conversationId: CONV },
  'overlay/restore': { conversationId: CONV },
  'overlay/dismiss': { conversationId: CONV },
  'overlay/pause': { conversationId: CONV, loss: 'host-removed', restored: 3 },
  'overlay/shown': { conversationId: CONV, held: { ms: 1200, while: ['selecting'], hidden: false } },
  'overlay/withdraw': { conversationId: CONV, held: { ms: 30_000, while: ['modal'] } },
  'overlay/open': { conversationId: CONV },
  'overlay/act': { conversationId: CONV, nodeId: 'code', lines: 6 },
  'preview/start': { tabId: 4, flowId: 'quiz-contest' },
  'preview/simulate': { tabId: 4, signal: { type: 'intent', intent: 'hesitating', score: 0.7 } },
  'preview/act-as': { tabId: 4, actAs: { tags: ['vip', 'returning'], segments: ['hikers'] } },
  'preview/reset-caps': { origin: 'https://shop.example' },
  'preview/state': { tabId: 4 },
  'preview/tabs': null,
  'picker/start': { tabId: 4 },
  'picker/picked': { selector: '#product-card > button.add', label: 'button "Add to cart"' },
  'rules/delete': { id: 'exit-anywhere' },
  'segments/save': {
    segment: {
      id: 'hikers',
      name: 'Regular hikers',
      conditions: [{ kind: 'visitor-tag', tag: 'plan-plus', present: true }],
    },
  },
  'settings/get': null,
  'settings/set': {
    maxPerSitePerDay: 1,
    maxHoldSeconds: 10,
    entryWeights: { panel: 1, pill: 0.25 },
    quietMoments: { typing: false, media: true },
  },
  'pack/import': { pack: { format: 'tact-flow-pack', version: 1, flows: [], rules: [] } },
  'pack/undo': {
    replaced: { flows: [], rules: [], segments: [] },
    added: { flows: ['x'], rules: [], segments: [] },
    written: { flows: [{ id: 'x', sum: '1h2b3c' }], rules: [], segments: [] },
  },
  'pack/export': null,
  'stats/flow': { flowId: 'exit-offer', from: '2026-11-01', to: '2026-11-30' },
  'experiments/results': { flowId: 'exit-offer' },
  'stats/overview': { from: '2026-11-01' },
  'results/conversations': { flowId: 'article-newsletter', from: '2026-11-01', to: '2026-11-30' },
  'site/get': { origin: 'https://shop.example' },
  'site/set': { origin: 'http://localhost:8080', enabled: false },
  'workspace/get': null,
  'rules/save': { rule: DEFAULT_RULES[0]! },
  'flows/save': { flow: DEFAULT_FLOWS[0]! },
  'flows/delete': { id: 'exit-offer' },
  'workspace/name-defaults': { language: 'fr' },
  'workspace/restore': {
    flows: [DEFAULT_FLOWS[0]!],
    rules: [DEFAULT_RULES[0]!],
    experiments: [
      {
        ruleId: DEFAULT_RULES[0]!.id,
        exposures: [{ visitorId: 'b3d0c1a2-0000-4000-8000-000000000001', variantId: 'a', at: 1 }],
        actions: [
          { kind: 'completed', at: 2, flowId: 'exit-offer', visitorId: 'b3d0c1a2-0000-4000-8000-000000000001' },
        ],
      },
    ],
  },
  'sites/list': null,
  'sites/remove': { origin: 'https://shop.example' },
  'data/clear': null,
  'events/list': { flowId: 'exit-offer', limit: 50 },
  'answers/free-text': { flowId: 'looking-for' },
  'trace/get': { tabId: 12 },
};

/** Who may send each message. */
const ALLOWED: { [K in BackgroundMessageType]: SenderRole[] } = {
  'page/hello': ['content'],
  'page/signal': ['content'],
  'page/goal-click': ['content'],
  'page/approval': ['content'],
  'overlay/attach': ['overlay'],
  'overlay/reply': ['overlay'],
  'overlay/answer': ['overlay'],
  'overlay/resize': ['overlay'],
  'overlay/close': ['overlay'],
  'overlay/why': ['overlay'],
  'overlay/restore': ['content'],
  'overlay/dismiss': ['content'],
  'overlay/pause': ['content'],
  'overlay/shown': ['content'],
  'overlay/withdraw': ['content'],
  'overlay/open': ['overlay'],
  'overlay/act': ['overlay'],
  'preview/start': ['extension-page'],
  'preview/simulate': ['extension-page'],
  'preview/act-as': ['extension-page'],
  'preview/reset-caps': ['extension-page'],
  'preview/state': ['extension-page'],
  'preview/tabs': ['extension-page'],
  'picker/start': ['extension-page'],
  'picker/picked': ['content'],
  'rules/delete': ['extension-page'],
  'segments/save': ['extension-page'],
  'settings/get': ['extension-page'],
  'settings/set': ['extension-page'],
  'pack/import': ['extension-page'],
  'pack/undo': ['extension-page'],
  'pack/export': ['extension-page'],
  'stats/flow': ['extension-page'],
  'experiments/results': ['extension-page'],
  'stats/overview': ['extension-page'],
  'results/conversations': ['extension-page'],
  'site/get': ['extension-page'],
  'site/set': ['extension-page'],
  'workspace/get': ['extension-page'],
  'rules/save': ['extension-page'],
  'flows/save': ['extension-page'],
  'flows/delete': ['extension-page'],
  'workspace/restore': ['extension-page'],
  'workspace/name-defaults': ['extension-page'],
  'sites/list': ['extension-page'],
  'sites/remove': ['extension-page'],
  'data/clear': ['extension-page'],
  'events/list': ['extension-page'],
  'answers/free-text': ['extension-page'],
  'trace/get': ['extension-page'],
};

const TYPES = Object.keys(VALID) as BackgroundMessageType[];

function refusedReason(message: unknown, role: SenderRole): string {
  const r = checkBackgroundMessage(message, role);
  assert.equal(r.ok, false, `expected ${JSON.stringify(message)} from ${role} to be refused`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.foreign, false, 'a Tact message is never foreign');
  return r.reason;
}

describe('checkBackgroundMessage: foreign messages', () => {
  const foreign: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'page/hello'],
    ['a number', 1],
    ['an array', [PROTOCOL, 'page/hello', VALID['page/hello']]],
    ['an array envelope', Object.assign([], { protocol: PROTOCOL, type: 'page/hello', payload: {} })],
    ['a message without protocol', { type: 'page/hello', payload: VALID['page/hello'] }],
    ['a look-alike protocol', { protocol: 'tact/2', type: 'page/hello', payload: VALID['page/hello'] }],
    ['a protocol with different case', { protocol: 'Tact/1', type: 'page/hello', payload: VALID['page/hello'] }],
    ['a non-string type', { protocol: PROTOCOL, type: 5, payload: {} }],
    ['an envelope without payload', { protocol: PROTOCOL, type: 'workspace/get' }],
  ];
  for (const [name, message] of foreign) {
    test(`${name} is foreign`, () => {
      for (const role of ROLES_ALL) {
        assert.deepEqual(checkBackgroundMessage(message, role), {
          ok: false,
          reason: 'not a Tact message',
          foreign: true,
        });
      }
    });
  }
});

describe('checkBackgroundMessage: unknown types', () => {
  test('an unknown type is refused, not foreign, and named', () => {
    assert.equal(refusedReason(envelope('page/goodbye', {}), 'content'), 'unknown message type "page/goodbye"');
  });

  test('Object.prototype names are not message types', () => {
    for (const type of [
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
      'isPrototypeOf',
    ]) {
      for (const role of ROLES_ALL) {
        assert.match(refusedReason(envelope(type, {}), role), /^unknown message type /, type);
        assert.match(refusedReason(envelope(type, null), role), /^unknown message type /, type);
      }
    }
  });

  test('a very long type is cut short in the reason', () => {
    assert.ok(refusedReason(envelope('x'.repeat(10_000), {}), 'overlay').length < 100);
  });

  test('content-bound message types are not accepted by the background', () => {
    assert.match(
      refusedReason(envelope('overlay/unmount', { conversationId: CONV }), 'overlay'),
      /unknown message type/,
    );
    assert.match(
      refusedReason(envelope('site/changed', { origin: 'https://a.example', enabled: true }), 'extension-page'),
      /unknown message type/,
    );
  });
});

describe('checkBackgroundMessage: who may send what', () => {
  for (const type of TYPES) {
    test(`${type} is accepted only from ${ALLOWED[type].join(', ')}`, () => {
      for (const role of ROLES_ALL) {
        const result = checkBackgroundMessage(envelope(type, VALID[type]), role);
        if (ALLOWED[type].includes(role)) {
          assert.ok(result.ok, result.ok ? '' : result.reason);
          assert.deepEqual(result.message, { type, payload: VALID[type] });
        } else {
          assert.deepEqual(result, { ok: false, reason: `${type} may not be sent by ${role}`, foreign: false });
        }
      }
    });
  }

  test('a content script cannot turn Tact on or off for a site', () => {
    assert.equal(
      refusedReason(envelope('site/set', VALID['site/set']), 'content'),
      'site/set may not be sent by content',
    );
  });

  test('the overlay cannot fake page signals', () => {
    assert.equal(
      refusedReason(envelope('page/signal', VALID['page/signal']), 'overlay'),
      'page/signal may not be sent by overlay',
    );
  });

  test('the role is checked before the payload', () => {
    assert.equal(refusedReason(envelope('rules/save', 'garbage'), 'content'), 'rules/save may not be sent by content');
  });
});

describe('checkBackgroundMessage: valid payloads', () => {
  const accepts = (type: BackgroundMessageType, payload: unknown) => {
    const r = checkBackgroundMessage(envelope(type, payload), ALLOWED[type][0]!);
    assert.ok(r.ok, r.ok ? '' : r.reason);
  };

  test('ids made by randomId() pass as page view and conversation ids', () => {
    for (let i = 0; i < 50; i++) {
      accepts('page/signal', { pageViewId: randomId(), signal: { type: 'exit-intent' } });
      accepts('overlay/attach', { conversationId: randomId() });
    }
  });

  test('every scroll depth the page reports, and exit intent, are accepted signals', () => {
    for (const percent of [25, 50, 75, 100])
      accepts('page/signal', { pageViewId: PAGE_VIEW, signal: { type: 'scroll-depth', percent } });
    accepts('page/signal', { pageViewId: PAGE_VIEW, signal: { type: 'exit-intent' } });
  });

  test('boundaries and optional fields', () => {
    accepts('page/hello', { pageViewId: PAGE_VIEW, url: 'https://shop.example/', title: '' });
    accepts('overlay/resize', { conversationId: CONV, width: 0, height: 4000 });
    accepts('overlay/close', { conversationId: CONV, reason: 'finished' });
    accepts('overlay/answer', { conversationId: CONV, nodeId: 'tell', lines: 4, text: 'x'.repeat(500) });
    accepts('events/list', { limit: 1 });
    accepts('events/list', { limit: 10000 });
    accepts('site/get', { origin: 'https://sub.shop.example:8443' });
    accepts('trace/get', { tabId: 0 });
  });
});

describe('checkBackgroundMessage: invalid payloads name the field', () => {
  const long = 'x'.repeat(65);
  const cases: [type: BackgroundMessageType, payload: unknown, path: string][] = [
    ['page/hello', null, 'payload'],
    ['page/hello', [], 'payload'],
    ['page/hello', { ...VALID['page/hello'], pageViewId: 'has spaces in it' }, 'payload.pageViewId'],
    ['page/hello', { ...VALID['page/hello'], pageViewId: long }, 'payload.pageViewId'],
    ['page/hello', { ...VALID['page/hello'], pageViewId: '' }, 'payload.pageViewId'],
    ['page/hello', { ...VALID['page/hello'], url: undefined }, 'payload.url'],
    ['page/hello', { ...VALID['page/hello'], url: 'x'.repeat(4001) }, 'payload.url'],
    ['page/hello', { ...VALID['page/hello'], title: 5 }, 'payload.title'],
    [
      'page/signal',
      { pageViewId: PAGE_VIEW, signal: { type: 'scroll-depth', percent: 101 } },
      'payload.signal.percent',
    ],
    [
      'page/signal',
      { pageViewId: PAGE_VIEW, signal: { type: 'scroll-depth', percent: 33.5 } },
      'payload.signal.percent',
    ],
    [
      'page/signal',
      { pageViewId: PAGE_VIEW, signal: { type: 'scroll-depth', percent: 80, of: 'footer' } },
      'payload.signal.of',
    ],
    [
      'page/signal',
      { pageViewId: PAGE_VIEW, signal: { type: 'scroll-depth', percent: '50' } },
      'payload.signal.percent',
    ],
    ['page/signal', { pageViewId: PAGE_VIEW, signal: { type: 'teleport' } }, 'payload.signal.type'],
    ['page/signal', { pageViewId: PAGE_VIEW, signal: 'exit-intent' }, 'payload.signal'],
    ['page/signal', { pageViewId: PAGE_VIEW }, 'payload.signal'],
    ['page/signal', { pageViewId: 'a_b', signal: { type: 'exit-intent' } }, 'payload.pageViewId'],
    ['overlay/attach', { conversationId: '../../etc' }, 'payload.conversationId'],
    ['overlay/attach', {}, 'payload.conversationId'],
    ['overlay/reply', { conversationId: CONV, nodeId: 'a b', lines: 2, replyId: 'yes' }, 'payload.nodeId'],
    ['overlay/reply', { conversationId: CONV, nodeId: 'ask', lines: 2 }, 'payload.replyId'],
    ['overlay/reply', { conversationId: CONV, nodeId: 'ask', replyId: 'yes' }, 'payload.lines'],
    ['overlay/reply', { conversationId: CONV, nodeId: 'ask', lines: 1.5, replyId: 'yes' }, 'payload.lines'],
    ['overlay/answer', { conversationId: CONV, nodeId: 'tell', lines: 4, text: '' }, 'payload.text'],
    ['overlay/answer', { conversationId: CONV, nodeId: 'tell', lines: 4, text: 'x'.repeat(501) }, 'payload.text'],
    ['overlay/answer', { conversationId: CONV, nodeId: 'tell', lines: 4, text: 42 }, 'payload.text'],
    ['overlay/resize', { conversationId: CONV, width: 300, height: -1 }, 'payload.height'],
    ['overlay/resize', { conversationId: CONV, width: 300, height: Number.NaN }, 'payload.height'],
    ['overlay/resize', { conversationId: CONV, width: Infinity, height: 10 }, 'payload.width'],
    ['overlay/resize', { conversationId: CONV, width: 4001, height: 10 }, 'payload.width'],
    ['overlay/resize', { conversationId: CONV, width: '300px', height: 10 }, 'payload.width'],
    ['overlay/close', { conversationId: CONV, reason: 'closed' }, 'payload.reason'],
    ['site/get', { origin: 'javascript:alert(1)' }, 'payload.origin'],
    ['site/get', { origin: 'https://shop.example/pricing' }, 'payload.origin'],
    ['site/get', { origin: 'file:///etc/passwd' }, 'payload.origin'],
    ['site/get', { origin: 'https://evil example' }, 'payload.origin'],
    ['site/get', { origin: '' }, 'payload.origin'],
    ['site/set', { origin: 'https://shop.example', enabled: 'true' }, 'payload.enabled'],
    ['site/set', { enabled: true }, 'payload.origin'],
    ['workspace/get', {}, 'payload'],
    ['workspace/get', undefined, 'payload'],
    ['rules/save', {}, 'payload.rule'],
    ['rules/save', { rule: 'checkout-exit' }, 'payload.rule'],
    ['flows/save', { flow: [] }, 'payload.flow'],
    ['flows/delete', {}, 'payload.id'],
    ['flows/delete', { id: '../rules' }, 'payload.id'],
    ['workspace/restore', { flows: [] }, 'payload.rules'],
    ['workspace/restore', { flows: {}, rules: [] }, 'payload.flows'],
    ['workspace/restore', { flows: [], rules: ['exit'] }, 'payload.rules[0]'],
    ['workspace/restore', { flows: new Array(1001).fill({}), rules: [] }, 'payload.flows'],
    [
      'workspace/restore',
      { flows: [], rules: [], experiments: [{ ruleId: 'ab' }] },
      'payload.experiments[0].exposures',
    ],
    [
      'workspace/restore',
      { flows: [], rules: [], experiments: [{ ruleId: 'ab', exposures: [], actions: [{ kind: 'page', at: -1 }] }] },
      'payload.experiments[0].actions[0]',
    ],
    ['workspace/name-defaults', {}, 'payload.language'],
    ['workspace/name-defaults', { language: 'x'.repeat(36) }, 'payload.language'],
    ['sites/list', {}, 'payload'],
    ['settings/set', { quietMoments: { sleeping: true } }, 'payload.quietMoments.sleeping'],
    ['settings/set', { quietMoments: { typing: 'no' } }, 'payload.quietMoments.typing'],
    ['settings/set', { quietMoments: true }, 'payload.quietMoments'],
    ['settings/set', { maxHoldSeconds: 0 }, 'payload.maxHoldSeconds'],
    ['settings/set', { maxHoldSeconds: 2.5 }, 'payload.maxHoldSeconds'],
    ['settings/set', { maxHoldSeconds: 601 }, 'payload.maxHoldSeconds'],
    ['sites/remove', { origin: 'https://shop.example/path' }, 'payload.origin'],
    ['sites/remove', {}, 'payload.origin'],
    ['data/clear', { all: true }, 'payload'],
    ['events/list', { limit: 0 }, 'payload.limit'],
    ['events/list', { limit: 1.5 }, 'payload.limit'],
    ['events/list', { limit: 10001 }, 'payload.limit'],
    ['events/list', {}, 'payload.limit'],
    ['events/list', { flowId: 'a b', limit: 10 }, 'payload.flowId'],
    ['trace/get', { tabId: -1 }, 'payload.tabId'],
    ['trace/get', { tabId: '3' }, 'payload.tabId'],
    ['trace/get', { tabId: 1.5 }, 'payload.tabId'],
    [
      'preview/simulate',
      { tabId: 4, signal: { type: 'intent', intent: 'bored', score: 0.7 } },
      'payload.signal.intent',
    ],
    ['preview/simulate', { tabId: 4, signal: { type: 'idle', seconds: -3 } }, 'payload.signal.seconds'],
    ['preview/simulate', { signal: { type: 'exit-intent' } }, 'payload.tabId'],
    ['preview/act-as', { tabId: 4, actAs: { tags: ['a b'], segments: [] } }, 'payload.actAs.tags[0]'],
    ['preview/act-as', { tabId: 4, actAs: { tags: [] } }, 'payload.actAs.segments'],
    ['preview/act-as', { tabId: 4, actAs: 'vip' }, 'payload.actAs'],
    ['preview/reset-caps', { origin: 'chrome://settings' }, 'payload.origin'],
    ['picker/start', { tabId: 'current' }, 'payload.tabId'],
    ['picker/picked', { selector: '', label: '' }, 'payload.selector'],
    ['picker/picked', { selector: 'x'.repeat(301), label: '' }, 'payload.selector'],
    // Unknown keys are refused, at the key: only Tact's own code sends these messages.
    ['overlay/attach', { conversationId: CONV, frameId: 3 }, 'payload.frameId'],
    ['page/signal', { pageViewId: PAGE_VIEW, signal: { type: 'exit-intent', x: 1 } }, 'payload.signal.x'],
    ['page/signal', { ...VALID['page/signal'], context: { lang: 'fr', cookies: 'a=b' } }, 'payload.context.cookies'],
    // The page context no longer travels with hello (it is read at the first signal).
    ['page/hello', { ...VALID['page/hello'], context: { lang: 'fr' } }, 'payload.context'],
    ['settings/set', { maxPerSitePerDay: 1, isAdmin: true }, 'payload.isAdmin'],
    ['stats/overview', [], 'payload'],
  ];

  for (const [type, payload, path] of cases) {
    const shown =
      JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ??
      'undefined';
    test(`${type} with ${shown.length > 70 ? shown.slice(0, 70) + '…' : shown} is refused at ${path}`, () => {
      const reason = refusedReason(envelope(type, payload), ALLOWED[type][0]!);
      assert.ok(reason.startsWith(`${type}: `), reason);
      const lines = reason.slice(type.length + 2).split('\n');
      assert.ok(
        lines.some((l) => l.startsWith(`${path}: `)),
        `reason should name ${path}: ${reason}`,
      );
      assert.ok(reason.length < 300, 'the reason never repeats a long value');
    });
  }

  test('several bad fields are all listed, one per line', () => {
    const reason = refusedReason(
      envelope('overlay/resize', { conversationId: 'a b', width: -1, height: 'tall' }),
      'overlay',
    );
    assert.deepEqual(
      reason
        .slice('overlay/resize: '.length)
        .split('\n')
        .map((l) => l.split(':')[0]),
      ['payload.conversationId', 'payload.width', 'payload.height'],
    );
  });
});

// ---------------------------------------------------------------- checkContentMessage

describe('checkContentMessage', () => {
  const valid = [
    envelope('overlay/resize', { conversationId: CONV, width: 360, height: 240 }),
    envelope('overlay/resize', { conversationId: CONV, width: 0, height: 4000 }),
    envelope('overlay/unmount', { conversationId: CONV }),
    envelope('site/changed', { origin: 'https://shop.example', enabled: false }),
    envelope('picker/start', {}),
    envelope('page/context', {}),
    envelope('first/stale', { pageViewId: CONV }),
  ];
  for (const message of valid) {
    test(`accepts ${message.type} ${JSON.stringify(message.payload)}`, () => {
      assert.equal(checkContentMessage(message), message);
    });
  }

  const malformed: [string, unknown][] = [
    ['resize with a negative width', envelope('overlay/resize', { conversationId: CONV, width: -1, height: 10 })],
    ['resize with NaN height', envelope('overlay/resize', { conversationId: CONV, width: 10, height: Number.NaN })],
    ['resize with Infinity', envelope('overlay/resize', { conversationId: CONV, width: Infinity, height: 10 })],
    ['resize larger than 4000', envelope('overlay/resize', { conversationId: CONV, width: 10, height: 4001 })],
    ['resize with text sizes', envelope('overlay/resize', { conversationId: CONV, width: '10', height: '10' })],
    ['resize without a conversation', envelope('overlay/resize', { width: 10, height: 10 })],
    ['unmount with a numeric id', envelope('overlay/unmount', { conversationId: 5 })],
    ['unmount without payload fields', envelope('overlay/unmount', {})],
    ['site/changed with enabled as text', envelope('site/changed', { origin: 'https://shop.example', enabled: 'yes' })],
    ['site/changed without origin', envelope('site/changed', { enabled: true })],
    ['a null payload', envelope('overlay/unmount', null)],
    ['a list payload', envelope('overlay/unmount', [CONV])],
    ['a text payload', envelope('overlay/unmount', CONV)],
    ['picker/start with a null payload', envelope('picker/start', null)],
    ['first/stale without its page view', envelope('first/stale', {})],
    ['first/stale with another field', envelope('first/stale', { pageViewId: CONV, conversationId: CONV })],
    ['first/stale with a numeric page view', envelope('first/stale', { pageViewId: 5 })],
  ];
  for (const [name, message] of malformed) {
    test(`refuses ${name}`, () => assert.equal(checkContentMessage(message), null));
  }

  const foreign: [string, unknown][] = [
    ['null', null],
    ['a string', 'overlay/unmount'],
    ['a message without protocol', { type: 'overlay/unmount', payload: { conversationId: CONV } }],
    ['a look-alike protocol', { protocol: 'tact/2', type: 'overlay/unmount', payload: { conversationId: CONV } }],
    ['a background message type', envelope('page/hello', VALID['page/hello'])],
    ['an unknown type', envelope('overlay/explode', { conversationId: CONV })],
    ['an Object.prototype name', envelope('toString', { conversationId: CONV })],
    ['__proto__', envelope('__proto__', { conversationId: CONV })],
    ['an envelope without payload', { protocol: PROTOCOL, type: 'overlay/unmount' }],
  ];
  for (const [name, message] of foreign) {
    test(`ignores ${name}`, () => assert.equal(checkContentMessage(message), null));
  }

  test("accepts exactly what the content messages' schemas accept (its hand-written guards follow them)", () => {
    const types = Object.keys(CONTENT_MESSAGES) as (keyof typeof CONTENT_MESSAGES)[];
    const value = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(CONV, 'https://shop.example', 0, 4000, -1, 4000.5, 12.5, Number.NaN, Infinity, true, false, null),
      fc.integer(),
    );
    const payload = fc.dictionary(
      fc.constantFrom('conversationId', 'width', 'height', 'origin', 'enabled', 'extra'),
      value,
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...types), payload, (type, p) => {
        const accepted = checkContentMessage(envelope(type, p)) !== null;
        assert.equal(accepted, v.is(CONTENT_MESSAGES[type], p), `${type} ${JSON.stringify(p)}`);
      }),
      { numRuns: 3000 },
    );
  });
});
