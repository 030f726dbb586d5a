/**
 * Form started then abandoned: the visitor typed into a `<form>`, then focus left it for two
 * seconds without coming back or submitting, or the tab was hidden with the form left unsent.
 * Once per form.
 *
 * Look-alikes it ignores: focusing a field without typing, moving between the form's own fields
 * and buttons, submitting, and a form a script sent without a submit event (it was cleared or
 * removed from the page). Decision: `core/signals/form-abandon-state.ts`.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import {
  FORM_GRACE_MS,
  formStep,
  isAbandoned,
  newForm,
  type FormState,
} from '../../core/signals/form-abandon-state.ts';
import { listen } from './shared-listeners.ts';

/** Still holds what was typed: on the page, with some text field filled in. */
const holdsInput = (form: HTMLFormElement) =>
  form.isConnected &&
  [...form.elements].some(
    (f) =>
      /^(text|email|tel|search|number|url|textarea)$/.test((f as HTMLInputElement).type) &&
      (f as HTMLInputElement).value,
  );

export function watchFormAbandon(signal: AbortSignal, emit: (s: Signal) => void): void {
  const forms = new Map<HTMLFormElement, FormState>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (hidden = false) =>
    forms.forEach((s, form) => {
      if (isAbandoned(s, performance.now(), hidden) && holdsInput(form)) {
        s.done = true;
        emit({ type: 'form-abandon' });
      }
    });
  listen(
    'input',
    (e) => {
      const form = (e.target as HTMLInputElement).form;
      if (!form) return;
      if (!forms.has(form)) forms.set(form, newForm());
      formStep(forms.get(form)!, { kind: 'typed', t: e.timeStamp });
    },
    signal,
  );
  // Focus moving: into a started form is a return; anywhere else (or nowhere) is leaving it.
  const moved = (to: EventTarget | null, t: number) => {
    forms.forEach((s, form) => formStep(s, { kind: to instanceof Node && form.contains(to) ? 'returned' : 'left', t }));
    clearTimeout(timer);
    timer = setTimeout(check, FORM_GRACE_MS);
  };
  listen('focusin', (e) => forms.size && moved(e.target, e.timeStamp), signal);
  listen('focusout', (e) => forms.size && !e.relatedTarget && moved(null, e.timeStamp), signal);
  listen(
    'submit',
    (e) => {
      const s = forms.get(e.target as HTMLFormElement);
      if (s) formStep(s, { kind: 'submitted', t: e.timeStamp });
    },
    signal,
  );
  listen('visibilitychange', () => document.hidden && check(true), signal);
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
}
