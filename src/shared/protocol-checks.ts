/**
 * Validation at the background's boundary: who sent a message (its role) and whether its payload
 * has the promised shape. Pure functions over plain data so they are unit-tested in Node.
 */
import { Checker, isRecord, formatErrors } from '../core/validation/checks.ts';
import { MAX_ANSWER_LENGTH } from '../core/flows/flow-model.ts';
import { INTENTS, QUIET_KEYS, SCROLL_DEPTHS, SIGNAL_TYPES } from '../core/signals/signal-model.ts';
import {
  PROTOCOL,
  type BackgroundMessageType,
  type Envelope,
  type ToBackground,
  type ContentMessageType,
  type ToContent,
} from './protocol.ts';

/** Who may send what: a content script in a tab, the overlay frame, or an extension page. */
export type SenderRole = 'content' | 'overlay' | 'extension-page';

/** The parts of `runtime.MessageSender` the checks look at. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tabId?: number;
  frameId?: number;
}

/** Classifies a sender, or returns a reason it is refused. */
export function senderRole(
  sender: SenderInfo,
  extensionId: string,
  extensionOrigin: string,
): SenderRole | { refused: string } {
  if (sender.id !== extensionId)
    return { refused: `sender is another extension or a web page (id ${sender.id ?? 'none'})` };
  const url = sender.url ?? '';
  if (url.startsWith(extensionOrigin)) {
    const path = url.slice(extensionOrigin.length).split(/[?#]/)[0];
    if (path === 'overlay.html')
      return sender.tabId !== undefined ? 'overlay' : { refused: 'overlay frame outside a tab' };
    if (path === 'options.html' || path === 'popup.html') return 'extension-page';
    return { refused: `unknown extension page ${path}` };
  }
  if (/^https?:/.test(url) && sender.tabId !== undefined && sender.frameId === 0) return 'content';
  return { refused: `unexpected sender ${url.slice(0, 80)}` };
}

type PayloadCheck = (payload: unknown, c: Checker) => void;

const uuid = (c: Checker, v: unknown, key: string) =>
  c.string(v, key, { max: 64 }) && (/^[A-Za-z0-9-]+$/.test(v) || c.fail('must be an identifier', key));

const signal = (c: Checker, v: unknown) => {
  if (!c.object(v, 'signal')) return;
  const s = c.child('signal');
  if (!s.oneOf(v.type, 'type', SIGNAL_TYPES)) return;
  switch (v.type) {
    case 'scroll-depth':
      s.oneOf(v.percent, 'percent', SCROLL_DEPTHS);
      break;
    case 'dwell':
    case 'idle':
      s.number(v.seconds, 'seconds', { min: 0, max: 86_400 });
      break;
    case 'hesitation':
      s.string(v.selector, 'selector', { max: 300 });
      s.number(v.ms, 'ms', { min: 0, max: 3_600_000 });
      break;
    case 'intent':
      s.oneOf(v.intent, 'intent', INTENTS);
      s.number(v.score, 'score', { min: 0, max: 1 });
      break;
  }
};

/** Optional `from` and `to` local days ("YYYY-MM-DD"). */
const dayRange = (c: Checker, p: Record<string, unknown>) => {
  for (const key of ['from', 'to'] as const) {
    const v = p[key];
    if (v !== undefined && c.string(v, key, { max: 10 }) && !/^\d{4}-\d{2}-\d{2}$/.test(v))
      c.fail('must be a date like 2026-11-24', key);
  }
};

const quiet = (c: Checker, v: unknown) => {
  if (v === undefined) return;
  if (!c.object(v, 'quiet')) return;
  for (const key of QUIET_KEYS) c.child('quiet').boolean(v[key], key);
};

const origin = (c: Checker, v: unknown, key = 'origin') =>
  c.string(v, key, { max: 300 }) &&
  (/^https?:\/\/[^/\s?#]+$/.test(v) || c.fail('must be an http(s) origin like https://example.com', key));

/** Per message: the roles allowed to send it and the check of its payload. */
const SPEC: { [K in BackgroundMessageType]: { roles: SenderRole[]; check: PayloadCheck } } = {
  'page/hello': {
    roles: ['content'],
    check: (p, c) => {
      if (!c.object(p)) return;
      uuid(c, p.pageViewId, 'pageViewId');
      c.string(p.url, 'url', { max: 4000 });
      c.string(p.title, 'title', { min: 0, max: 1000 });
      if (p.context !== undefined) pageContext(c.child('context'), p.context);
    },
  },
  'page/signal': {
    roles: ['content'],
    check: (p, c) => {
      if (!c.object(p)) return;
      uuid(c, p.pageViewId, 'pageViewId');
      signal(c, p.signal);
      quiet(c, p.quiet);
    },
  },
  'overlay/attach': { roles: ['overlay'], check: (p, c) => c.object(p) && uuid(c, p.conversationId, 'conversationId') },
  'overlay/reply': {
    roles: ['overlay'],
    check: (p, c) => {
      if (!c.object(p)) return;
      uuid(c, p.conversationId, 'conversationId');
      c.id(p.nodeId, 'nodeId');
      c.id(p.replyId, 'replyId');
    },
  },
  'overlay/answer': {
    roles: ['overlay'],
    check: (p, c) => {
      if (!c.object(p)) return;
      uuid(c, p.conversationId, 'conversationId');
      c.id(p.nodeId, 'nodeId');
      c.string(p.text, 'text', { max: MAX_ANSWER_LENGTH });
    },
  },
  'overlay/act': {
    roles: ['overlay'],
    check: (p, c) => {
      if (!c.object(p)) return;
      uuid(c, p.conversationId, 'conversationId');
      c.id(p.nodeId, 'nodeId');
    },
  },
  'overlay/resize': {
    roles: ['overlay'],
    check: (p, c) => {
      if (!c.object(p)) return;
      uuid(c, p.conversationId, 'conversationId');
      c.number(p.width, 'width', { min: 0, max: 4000 });
      c.number(p.height, 'height', { min: 0, max: 4000 });
    },
  },
  'overlay/close': {
    roles: ['overlay'],
    check: (p, c) => {
      if (!c.object(p)) return;
      uuid(c, p.conversationId, 'conversationId');
      c.oneOf(p.reason, 'reason', ['dismissed', 'finished', 'snooze', 'never-here']);
    },
  },
  'overlay/open': { roles: ['overlay'], check: (p, c) => c.object(p) && uuid(c, p.conversationId, 'conversationId') },
  'overlay/why': { roles: ['overlay'], check: (p, c) => c.object(p) && uuid(c, p.conversationId, 'conversationId') },
  'site/get': { roles: ['extension-page'], check: (p, c) => c.object(p) && origin(c, p.origin) },
  'site/set': {
    roles: ['extension-page'],
    check: (p, c) => {
      if (!c.object(p)) return;
      origin(c, p.origin);
      c.boolean(p.enabled, 'enabled');
    },
  },
  'workspace/get': { roles: ['extension-page'], check: (p, c) => p === null || c.fail('must be null') },
  'rules/save': { roles: ['extension-page'], check: (p, c) => c.object(p) && c.object(p.rule, 'rule') },
  'rules/delete': { roles: ['extension-page'], check: (p, c) => c.object(p) && c.id(p.id, 'id') },
  'segments/save': { roles: ['extension-page'], check: (p, c) => c.object(p) && c.object(p.segment, 'segment') },
  'settings/get': { roles: ['extension-page'], check: (p, c) => p === null || c.fail('must be null') },
  'settings/set': { roles: ['extension-page'], check: (p, c) => c.object(p) && settingsPatch(c, p) },
  'pack/import': {
    roles: ['extension-page'],
    check: (p, c) => c.object(p) && ('pack' in p || c.fail('is missing', 'pack')),
  },
  'pack/export': { roles: ['extension-page'], check: (p, c) => p === null || c.fail('must be null') },
  'preview/start': {
    roles: ['extension-page'],
    check: (p, c) => {
      if (!c.object(p)) return;
      c.number(p.tabId, 'tabId', { min: 0, integer: true });
      c.id(p.flowId, 'flowId');
    },
  },
  'preview/simulate': {
    roles: ['extension-page'],
    check: (p, c) => {
      if (!c.object(p)) return;
      c.number(p.tabId, 'tabId', { min: 0, integer: true });
      signal(c, p.signal);
    },
  },
  'preview/act-as': {
    roles: ['extension-page'],
    check: (p, c) => {
      if (!c.object(p)) return;
      c.number(p.tabId, 'tabId', { min: 0, integer: true });
      if (p.actAs === null || !c.object(p.actAs, 'actAs')) return;
      const a = c.child('actAs');
      for (const key of ['tags', 'segments'] as const)
        if (a.array(p.actAs[key], key, { min: 0, max: 50 })) p.actAs[key].forEach((v, i) => a.child(key).id(v, i));
    },
  },
  'preview/reset-caps': { roles: ['extension-page'], check: (p, c) => c.object(p) && origin(c, p.origin) },
  'preview/tabs': { roles: ['extension-page'], check: (p, c) => p === null || c.fail('must be null') },
  'preview/state': {
    roles: ['extension-page'],
    check: (p, c) => c.object(p) && c.number(p.tabId, 'tabId', { min: 0, integer: true }),
  },
  'picker/start': {
    roles: ['extension-page'],
    check: (p, c) => c.object(p) && c.number(p.tabId, 'tabId', { min: 0, integer: true }),
  },
  'picker/picked': {
    roles: ['content'],
    check: (p, c) => {
      if (!c.object(p)) return;
      c.string(p.selector, 'selector', { max: 300 });
      c.string(p.label, 'label', { min: 0, max: 200 });
    },
  },
  'stats/flow': {
    roles: ['extension-page'],
    check: (p, c) => {
      if (!c.object(p)) return;
      c.id(p.flowId, 'flowId');
      dayRange(c, p);
    },
  },
  'stats/overview': { roles: ['extension-page'], check: (p, c) => c.object(p) && dayRange(c, p) },
  'results/conversations': {
    roles: ['extension-page'],
    check: (p, c) => {
      if (!c.object(p)) return;
      c.id(p.flowId, 'flowId');
      dayRange(c, p);
    },
  },
  'flows/save': { roles: ['extension-page'], check: (p, c) => c.object(p) && c.object(p.flow, 'flow') },
  'flows/delete': { roles: ['extension-page'], check: (p, c) => c.object(p) && c.id(p.id, 'id') },
  'workspace/restore': {
    roles: ['extension-page'],
    // Shapes only here; the handler validates every flow and rule in full before writing.
    check: (p, c) => {
      if (!c.object(p)) return;
      for (const key of ['flows', 'rules'] as const)
        if (c.array(p[key], key, { max: 1000 })) p[key].forEach((v, i) => c.child(key).object(v, i));
    },
  },
  'sites/list': { roles: ['extension-page'], check: (p, c) => p === null || c.fail('must be null') },
  'sites/remove': { roles: ['extension-page'], check: (p, c) => c.object(p) && origin(c, p.origin) },
  'data/clear': { roles: ['extension-page'], check: (p, c) => p === null || c.fail('must be null') },
  'events/list': {
    roles: ['extension-page'],
    check: (p, c) => {
      if (!c.object(p)) return;
      if (p.flowId !== undefined) c.id(p.flowId, 'flowId');
      c.number(p.limit, 'limit', { min: 1, max: 10000, integer: true });
    },
  },
  'trace/get': {
    roles: ['extension-page'],
    check: (p, c) => c.object(p) && c.number(p.tabId, 'tabId', { min: 0, integer: true }),
  },
};

/** Page context from the content script: every field optional, every text bounded. */
function pageContext(c: Checker, v: unknown): void {
  if (!c.object(v)) return;
  for (const key of ['lang', 'referrer', 'title'] as const)
    if (v[key] !== undefined) c.string(v[key], key, { min: 0, max: 2000 });
  if (v.utm !== undefined && c.object(v.utm, 'utm')) {
    for (const [k, value] of Object.entries(v.utm)) {
      if (!['source', 'medium', 'campaign', 'term', 'content'].includes(k))
        c.child('utm').fail('is not a UTM parameter', k);
      else c.child('utm').string(value, k, { min: 0, max: 500 });
    }
  }
  if (v.product !== undefined && c.object(v.product, 'product')) {
    const pc = c.child('product');
    if (v.product.name !== undefined) pc.string(v.product.name, 'name', { min: 0, max: 500 });
    if (v.product.currency !== undefined) pc.string(v.product.currency, 'currency', { min: 0, max: 10 });
    if (v.product.price !== undefined) pc.number(v.product.price, 'price', { min: 0, max: 1e12 });
  }
  if (v.viewport !== undefined && c.object(v.viewport, 'viewport')) {
    c.child('viewport').number(v.viewport.width, 'width', { min: 0, max: 100_000 });
    c.child('viewport').number(v.viewport.height, 'height', { min: 0, max: 100_000 });
  }
  if (v.touch !== undefined) c.boolean(v.touch, 'touch');
}

/** Settings that may be changed, each within sensible bounds. */
function settingsPatch(c: Checker, p: Record<string, unknown>): void {
  const bounds: Record<string, [number, number, boolean]> = {
    maxPerSitePerDay: [0, 100, false],
    maxPerDay: [0, 1000, false],
    minSecondsOnPage: [0, 600, false],
    backoffHours: [0, 24 * 365, false],
    snoozeUntil: [0, 8.64e15, true],
    sessionMinutes: [1, 24 * 60, true],
    retentionDays: [1, 3650, true],
  };
  for (const [key, value] of Object.entries(p)) {
    if (key === 'quietMoments') {
      if (c.object(value, key)) {
        for (const [k, on] of Object.entries(value)) {
          if (!(QUIET_KEYS as readonly string[]).includes(k)) c.child(key).fail('is not a quiet-moment rule', k);
          else if (typeof on !== 'boolean') c.child(key).fail('must be true or false', k);
        }
      }
      continue;
    }
    if (key === 'entryWeights') {
      if (c.object(value, key))
        for (const mode of ['panel', 'pill'] as const) c.child(key).number(value[mode], mode, { min: 0.05, max: 10 });
      continue;
    }
    const b = Object.hasOwn(bounds, key) ? bounds[key] : undefined;
    if (!b) c.fail('is not a setting', key);
    else c.number(value, key, { min: b[0], max: b[1], integer: b[2] });
  }
}

export type CheckedMessage = {
  [K in BackgroundMessageType]: { type: K; payload: ToBackground[K]['req'] };
}[BackgroundMessageType];

/**
 * Checks a message arriving at the background. Returns the typed message, or a reason to drop it
 * (`foreign` for anything that is not a Tact message at all).
 */
export function checkBackgroundMessage(
  message: unknown,
  role: SenderRole,
): { ok: true; message: CheckedMessage } | { ok: false; reason: string; foreign: boolean } {
  if (!isEnvelope(message)) return { ok: false, reason: 'not a Tact message', foreign: true };
  const spec = (SPEC as Record<string, (typeof SPEC)[BackgroundMessageType] | undefined>)[message.type];
  if (!spec || !Object.hasOwn(SPEC, message.type))
    return { ok: false, reason: `unknown message type ${JSON.stringify(message.type).slice(0, 60)}`, foreign: false };
  if (!spec.roles.includes(role))
    return { ok: false, reason: `${message.type} may not be sent by ${role}`, foreign: false };
  const c = new Checker('payload');
  spec.check(message.payload, c);
  if (!c.ok) return { ok: false, reason: `${message.type}: ${formatErrors(c.errors)}`, foreign: false };
  return { ok: true, message: { type: message.type, payload: message.payload } as CheckedMessage };
}

export type CheckedContentMessage = {
  [K in ContentMessageType]: { type: K; payload: ToContent[K] };
}[ContentMessageType];

/** Checks a message arriving at the content script from the background. */
export function checkContentMessage(message: unknown): CheckedContentMessage | null {
  if (!isEnvelope(message) || !isRecord(message.payload)) return null;
  const p = message.payload;
  switch (message.type) {
    case 'overlay/resize':
      return typeof p.conversationId === 'string' && isSize(p.width) && isSize(p.height)
        ? (message as unknown as CheckedContentMessage)
        : null;
    case 'overlay/unmount':
      return typeof p.conversationId === 'string' ? (message as unknown as CheckedContentMessage) : null;
    case 'plan/changed':
      return message as unknown as CheckedContentMessage;
    case 'overlay/mount':
      return typeof p.conversationId === 'string' ? (message as unknown as CheckedContentMessage) : null;
    case 'picker/start':
      return message as unknown as CheckedContentMessage;
    case 'site/changed':
      return typeof p.origin === 'string' && typeof p.enabled === 'boolean'
        ? (message as unknown as CheckedContentMessage)
        : null;
    default:
      return null;
  }
}

function isSize(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 4000;
}

function isEnvelope(m: unknown): m is Envelope {
  return isRecord(m) && m.protocol === PROTOCOL && typeof m.type === 'string' && 'payload' in m;
}
