/**
 * Exit intent (desktop): the cursor heads out of the page through the top edge, toward the tabs
 * and the address bar. Fires when the cursor reaches the top strip of the viewport while moving
 * up fast, or leaves the document through the top. Fires at most once per page view.
 *
 * Look-alikes it ignores: slow drifts to the top (reading a sticky header), leaving through the
 * sides or the bottom, and moves while a mouse button is held (dragging, selecting).
 */
import type { Signal } from '../../core/model.ts';
import { frameSampler } from './frame-sampler.ts';

/** Height (CSS px) of the top strip that counts as "at the edge". */
const TOP_STRIP = 8;
/** Minimum upward speed, in CSS px per ms, to count as heading out (about 400 px/s). */
const MIN_UP_SPEED = 0.4;
/** Longest gap between two samples used for the speed; older positions are stale. */
const MAX_SAMPLE_GAP_MS = 120;

export function watchExitIntent(signal: AbortSignal, emit: (s: Signal) => void): void {
  let x = -1;
  let y = -1;
  let buttons = 0;
  let lastY = -1;
  let lastAt = 0;
  let fired = false;

  const fire = () => {
    if (fired) return;
    fired = true;
    emit({ type: 'exit-intent' });
  };

  const sample = frameSampler((now) => {
    const dt = Math.min(Math.max(now - lastAt, 16), MAX_SAMPLE_GAP_MS);
    const upSpeed = lastY < 0 ? 0 : (lastY - y) / dt;
    lastY = y;
    lastAt = now;
    if (buttons === 0 && y >= 0 && y <= TOP_STRIP && x >= 0 && x <= innerWidth && upSpeed >= MIN_UP_SPEED) fire();
  }, signal);

  const opts = { signal, passive: true, capture: true } as const;
  document.addEventListener('mousemove', (e) => {
    x = e.clientX;
    y = e.clientY;
    buttons = e.buttons;
    sample();
  }, opts);
  // Leaving the document altogether (relatedTarget null) through the top edge.
  document.addEventListener('mouseout', (e) => {
    if (e.relatedTarget === null && e.buttons === 0 && e.clientY <= TOP_STRIP && lastY > e.clientY) fire();
  }, opts);
}
