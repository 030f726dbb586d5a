/**
 * The opening of a conversation that the content script paints itself, at once, in the page's
 * closed shadow root, while the overlay frame loads (ARCHITECTURE.md, "The first bubble"). It
 * carries only what the page could know anyway: who speaks, and the bot's opening lines when
 * starting the flow knowing nothing of the visitor (no attributes, tags or segments) says exactly
 * the same words. A greeting that names the visitor, or an opening chosen by their tags, is left
 * to the frame (the bubble then shows that the persona is typing).
 */
import { startConversation, type RunContext, type TranscriptLine } from './flow-runner.ts';
import type { Flow } from './flow-model.ts';

/** What the first bubble shows: the persona, and the opening lines the page may hold (maybe none). */
export interface FirstBubble {
  name: string;
  avatar: string;
  lines: string[];
  /** Tact's own words around it, worded by the background (see `FirstBubbleWords`). */
  words: FirstBubbleWords;
}

/**
 * The overlay's own words the first bubble and its frame carry, in the conversation's language
 * (conversation-locale.ts). The background words them and sends them with the decision: in Chromium a content script's first
 * `i18n.getMessage` fetches the extension's whole message catalogue from the browser process,
 * synchronously, and that held the page's first paint back by 30–290 ms (bench:overlay probe).
 */
export interface FirstBubbleWords {
  /** "via Tact", under the persona's name. */
  via: string;
  /** The pill's label, with the persona's name in it. */
  pillOpen: string;
  /** The overlay frame's title (what assistive technology names it). */
  frameTitle: string;
}

/**
 * The bot lines of `opening` (a conversation's transcript at its start) when `anonymous`, a run
 * context with the page's data but nothing of the visitor's, opens the flow with the same words;
 * else none. A flow that breaks when started this way gives none.
 */
export function pageSafeLines(flow: Flow, opening: readonly TranscriptLine[], anonymous: RunContext): string[] {
  const said = opening.filter((line) => line.from === 'bot').map((line) => line.text);
  let unknown: string[];
  try {
    unknown = startConversation(flow, anonymous).transcript.map((line) => line.text);
  } catch {
    return [];
  }
  return said.length === unknown.length && said.every((text, i) => text === unknown[i]) ? said : [];
}

/**
 * `data` (a page's data a flow's opening may read: the template scope's `page`, the conditions'
 * page context) as a view that calls `noted` at each read of a key other than `except` (what is
 * known anyway, such as the URL). The background words first bubbles before the page context is
 * known (the content script reads it only if they need it: reading it costs the page ~3.5 ms of
 * script, `bench:content`), and words that read it hold only for the context they were worded
 * with. Any read counts, even one that changes nothing (a key enumerated): that only costs a read
 * of the page context, never a wrong word.
 */
export function notingReads<T extends object>(data: T, noted: () => void, except: readonly string[] = []): T {
  const note = (key: string | symbol) => {
    if (typeof key !== 'string' || !except.includes(key)) noted();
  };
  return new Proxy(data, {
    get: (target, key, receiver) => (note(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (note(key), Reflect.has(target, key)),
    getOwnPropertyDescriptor: (target, key) => (note(key), Reflect.getOwnPropertyDescriptor(target, key)),
    ownKeys: (target) => (noted(), Reflect.ownKeys(target)),
  });
}
