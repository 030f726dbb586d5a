/**
 * Text selection and copy: the visitor selected some text (at least three characters) and the
 * selection has stopped changing for a second; or copied something (`copy` event).
 *
 * Look-alikes it ignores: a click that only places or collapses the selection, one or two
 * characters selected by a stray drag, and the selection while it is still being dragged.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { listen } from './shared-listeners.ts';

/** A selection that has not changed for this long is finished. */
const SETTLED_MS = 1000;

export function watchTextSelection(
  signal: AbortSignal,
  emit: (s: Signal) => void,
  want: { selection: boolean; copy: boolean },
): void {
  if (want.copy) listen('copy', () => emit({ type: 'copy' }), signal);
  if (!want.selection) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  listen(
    'selectionchange',
    () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => String(getSelection()).trim().length >= 3 && emit({ type: 'text-selection' }),
        SETTLED_MS,
      );
    },
    signal,
  );
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
}
