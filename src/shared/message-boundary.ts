/**
 * Validation at the background's boundary: who sent a message (its role) and whether its payload
 * matches the message's schema (`BACKGROUND_MESSAGES` in protocol.ts). Pure functions over plain
 * data, unit-tested in Node.
 */
import { formatErrors } from '../core/validation/checks.ts';
import { checkSchema } from '../core/validation/schema-check.ts';
import {
  BACKGROUND_MESSAGES,
  isEnvelope,
  type BackgroundMessageType,
  type SenderRole,
  type ToBackground,
} from './protocol.ts';

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

export type CheckedMessage = {
  [K in BackgroundMessageType]: { type: K; payload: ToBackground[K]['req'] };
}[BackgroundMessageType];

/**
 * Checks a message arriving at the background: a Tact envelope, a known type, a role allowed to
 * send it, a payload its schema accepts (unknown keys refused). Returns the typed message (the
 * schema's output), or a reason to drop it (`foreign` for anything that is not a Tact message).
 */
export function checkBackgroundMessage(
  message: unknown,
  role: SenderRole,
): { ok: true; message: CheckedMessage } | { ok: false; reason: string; foreign: boolean } {
  if (!isEnvelope(message)) return { ok: false, reason: 'not a Tact message', foreign: true };
  if (!Object.hasOwn(BACKGROUND_MESSAGES, message.type))
    return { ok: false, reason: `unknown message type ${JSON.stringify(message.type).slice(0, 60)}`, foreign: false };
  const type = message.type as BackgroundMessageType;
  const spec = BACKGROUND_MESSAGES[type];
  if (!spec.roles.includes(role)) return { ok: false, reason: `${type} may not be sent by ${role}`, foreign: false };
  const checked = checkSchema(spec.request, message.payload, 'payload');
  if (!checked.ok) return { ok: false, reason: `${type}: ${formatErrors(checked.errors)}`, foreign: false };
  // `checked.value` is the output of `BACKGROUND_MESSAGES[type].request`, i.e. `ToBackground[type]['req']`.
  return { ok: true, message: { type, payload: checked.value } as CheckedMessage };
}
