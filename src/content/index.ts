/**
 * Content script entry: always on, so it stays small. It says hello to the background once per
 * page view, arms only the detectors that some rule for this page needs (none at all when Tact is
 * off here or no rule applies), forwards their signals, and mounts the overlay frame when the
 * background decides to start a conversation. It never listens to the page's `message` events:
 * nothing a page posts can reach Tact.
 */
import type { Signal } from '../core/model.ts';
import { ext } from '../shared/browser-api.ts';
import { randomId } from '../shared/ids.ts';
import { send, type ToBackground } from '../shared/protocol.ts';
import { checkContentMessage } from '../shared/protocol-checks.ts';
import { mountOverlay, type OverlayHandle } from './overlay-frame.ts';
import { watchExitIntent } from './signals/exit-intent.ts';
import { watchScrollDepth } from './signals/scroll-depth.ts';

const pageViewId = randomId();
let detectors: AbortController | undefined;
let overlay: OverlayHandle | undefined;
let stopped = false;

function disarm(): void {
  detectors?.abort();
  detectors = undefined;
}

/** Stops everything for good, e.g. when the extension was updated or removed under this page. */
function shutDown(): void {
  stopped = true;
  disarm();
  overlay?.remove();
  overlay = undefined;
}

function arm({ enabled, plan }: ToBackground['page/hello']['res']): void {
  disarm();
  if (!enabled || overlay) return;
  const controller = new AbortController();
  detectors = controller;
  if (plan.exitIntent) watchExitIntent(controller.signal, onSignal);
  if (plan.scrollDepths.length) watchScrollDepth(controller.signal, plan.scrollDepths, onSignal);
}

async function onSignal(signal: Signal): Promise<void> {
  if (stopped || overlay) return;
  try {
    const { show } = await send('page/signal', { pageViewId, signal });
    if (show && !overlay && !stopped) {
      disarm(); // at most one conversation per page view: nothing more to listen for
      overlay = mountOverlay(show.conversationId);
    }
  } catch (error) {
    handleFailure(error);
  }
}

async function hello(): Promise<void> {
  if (stopped) return;
  try {
    arm(await send('page/hello', { pageViewId, url: location.href, title: document.title }));
  } catch (error) {
    handleFailure(error);
  }
}

function handleFailure(error: unknown): void {
  // "Extension context invalidated": the extension was reloaded or removed; this copy is orphaned.
  if (!ext.runtime?.id) shutDown();
  else console.debug('[tact]', (error as Error)?.message ?? error);
}

ext.runtime.onMessage.addListener((raw) => {
  const message = checkContentMessage(raw);
  if (!message) return;
  switch (message.type) {
    case 'overlay/resize':
      if (overlay?.conversationId === message.payload.conversationId) overlay.resize(message.payload.width, message.payload.height);
      break;
    case 'overlay/unmount':
      if (overlay?.conversationId === message.payload.conversationId) {
        overlay.remove();
        overlay = undefined;
      }
      break;
    case 'plan/changed':
      if (!overlay) void hello();
      break;
    case 'site/changed':
      if (message.payload.origin !== location.origin) break;
      if (!message.payload.enabled) {
        disarm();
        overlay?.remove();
        overlay = undefined;
      } else void hello();
      break;
  }
});

void hello();
