/**
 * Form started then abandoned, the decision: a reducer over what happened to one form (typing in
 * it, focus leaving or coming back, submitting). Pure, shared by the
 * content script's detector and unit tests.
 */

/** Focus away from a started form for this long, without coming back, is abandonment. */
export const FORM_GRACE_MS = 2000;

export type FormEvent =
  | { kind: 'typed'; t: number }
  | { kind: 'left'; t: number }
  | { kind: 'returned'; t: number }
  | { kind: 'submitted'; t: number };

export interface FormState {
  started: boolean;
  /** When focus left the form (0: focus is in it or it was never left). */
  leftAt: number;
  done: boolean;
}

export const newForm = (): FormState => ({ started: false, leftAt: 0, done: false });

/** Applies one event; `done` is set once the form was submitted or reported abandoned. */
export function formStep(s: FormState, e: FormEvent): void {
  if (s.done) return;
  if (e.kind === 'typed') s.started = true;
  if (e.kind === 'typed' || e.kind === 'returned') s.leftAt = 0;
  else if (e.kind === 'left') s.leftAt ||= e.t;
  else if (e.kind === 'submitted') s.done = true;
}

/**
 * Whether the form counts as abandoned at time `now`: typed into, then left for FORM_GRACE_MS,
 * or the page was hidden while it was left unsent. Focusing a field without typing is not starting.
 */
export function isAbandoned(s: FormState, now: number, hidden = false): boolean {
  return !s.done && s.started && (hidden || (s.leftAt > 0 && now - s.leftAt >= FORM_GRACE_MS));
}
