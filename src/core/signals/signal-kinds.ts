/**
 * The kinds of signal and their fixed values, without a schema: the code loaded on every page
 * (the content script, the site build's entry) needs these lists, but not valibot, which
 * signal-model.ts's schemas bring. The schemas there are built from these same lists.
 */

/** The usual scroll depths, offered first by the preview tools; a rule may ask for any whole percentage 1–100. */
export const SCROLL_DEPTHS = [25, 50, 75, 100] as const;

/** Page-level intents estimated from signals (see intent scoring). */
export const INTENTS = ['leaving', 'hesitating', 'comparing', 'reading', 'scanning', 'frustrated'] as const;
export type IntentName = (typeof INTENTS)[number];

/** Signals that carry no parameter: detected or not. */
export const FLAG_SIGNALS = [
  'rage-click',
  'dead-click',
  'reading',
  'scanning',
  'text-selection',
  'copy',
  'form-abandon',
  'tab-return',
  'scroll-reversal',
] as const;
export type FlagSignal = (typeof FLAG_SIGNALS)[number];

/**
 * Every kind of signal, in the order the options page lists them. `SignalSchema`
 * (signal-model.ts) declares one entry per kind; signal-kinds.test.ts fails when they disagree.
 * Built in a pure IIFE: esbuild keeps a top-level spread (it may run code), so without it every
 * bundle that imports any list here would carry this one, used or not.
 */
export const SIGNAL_TYPES = /* @__PURE__ */ (() =>
  ['exit-intent', 'scroll-depth', 'dwell', 'idle', 'hesitation', 'intent', ...FLAG_SIGNALS] as const)();
export type SignalType = (typeof SIGNAL_TYPES)[number];

/** The busy states the settings' quiet-moment rules can turn off. */
export const QUIET_KEYS = ['typing', 'selecting', 'scrollingFast', 'media', 'fullscreen'] as const;
export type QuietKey = (typeof QUIET_KEYS)[number];

/**
 * Every busy state a content script reports with each signal (`QuietState`, signal-model.ts, has
 * exactly these keys; signal-kinds.test.ts checks it), in the order traces name them: the
 * quiet-moment keys and `modal` (a modal dialog open, or the page inert or scroll-locked behind one).
 */
export const BUSY_STATES = ['typing', 'selecting', 'scrollingFast', 'media', 'fullscreen', 'modal'] as const;
export type BusyState = (typeof BUSY_STATES)[number];

/**
 * Busy states in which an overlay would not be seen or could not be used: fullscreen content
 * covers the page, a modal dialog makes everything else inert. They count for exit intent too
 * (which otherwise never waits), and a modal dialog counts whatever the settings say.
 */
export const UNSEEN_STATES: readonly BusyState[] = ['fullscreen', 'modal'];

/** The busy states that hold Tact back: those the quiet-moment rules turn on (a state not mentioned counts as on), and an open modal dialog. */
export function watchedQuietKeys(watched?: Partial<Record<QuietKey, boolean>>): BusyState[] {
  return [...QUIET_KEYS.filter((k) => watched?.[k] !== false), 'modal'];
}
