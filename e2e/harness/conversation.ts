/**
 * Reading and answering a conversation in the overlay as a visitor would: the bot's lines as shown,
 * waiting until it has finished typing and shows the step's controls, a quick reply clicked, an
 * answer typed and sent with Enter.
 */
import { waitUntil } from './common.ts';
import { ask } from './index.ts';
import type { TactFrame, TactPage } from './types.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';

/** Bot lines on screen, without the screen-reader prefix ("Sam from Northwind: "). */
export function botLines(overlay: TactFrame): Promise<string[]> {
  return overlay.evaluate(() =>
    [...document.querySelectorAll('.bubble.bot:not(.typing)')].map((b) => {
      const prefix = b.querySelector('.visually-hidden')?.textContent ?? '';
      return (b.textContent ?? '').slice(prefix.length).replace(/\s+/g, ' ').trim();
    }),
  );
}

/**
 * Waits until the bot has finished typing, says more than `before` lines, its last line matches
 * `last`, and the step's controls are shown; returns the lines.
 */
export function settled(overlay: TactFrame, last: RegExp, before = 0, timeoutMs = 10_000): Promise<string[]> {
  return waitUntil(
    async () => {
      const state = await overlay.evaluate(() => ({
        typing: document.querySelector('.typing') !== null,
        controls: document.querySelector('.controls')?.children.length ?? 0,
      }));
      if (state.typing || state.controls === 0) return null;
      const lines = await botLines(overlay);
      return lines.length > before && last.test(lines.at(-1) ?? '') ? lines : null;
    },
    timeoutMs,
    `the bot to say ${last} and wait for the visitor`,
  );
}

/**
 * Waits until the bot has finished typing, `control` is shown, and the frame has kept its size for
 * 300 ms: it grows upwards as it fits its content, so a click during the resize would land where
 * the control was.
 */
export async function steady(overlay: TactFrame, control: string): Promise<void> {
  let lastHeight = -1;
  let since = 0;
  await waitUntil(
    async () => {
      const state = await overlay.evaluate(
        (sel) => ({
          ready: !document.querySelector('.typing') && document.querySelector(sel) !== null,
          height: innerHeight,
        }),
        control,
      );
      if (!state.ready || state.height !== lastHeight) {
        lastHeight = state.ready ? state.height : -1;
        since = Date.now();
        return false;
      }
      return Date.now() - since >= 300;
    },
    10_000,
    `the overlay to wait for the visitor with ${control}`,
  );
}

/** Clicks a quick reply (or quiz option) and waits for the next step, whose last line matches `next`. */
export async function reply(overlay: TactFrame, replyId: string, next: RegExp): Promise<string[]> {
  const before = (await botLines(overlay)).length;
  const control = `.reply[data-reply="${replyId}"]`;
  await steady(overlay, control);
  await overlay.click(control);
  return settled(overlay, next, before);
}

/** Clicks the answer field, types like a person, sends with Enter, and waits for the next step. */
export async function typeAnswer(page: TactPage, overlay: TactFrame, text: string, next: RegExp): Promise<string[]> {
  const before = (await botLines(overlay)).length;
  await steady(overlay, 'input[name="answer"]');
  await overlay.click('input[name="answer"]');
  await page.type(text);
  await page.press('Enter');
  return settled(overlay, next, before);
}

/**
 * Saves the stored flow `flowId` with a persona that types at once (`typingCps` 0, which a marketer
 * can choose in the editor), under `id` (its own by default, replacing it); returns that id. For
 * journeys whose subject is not the pause before each bot line (0.4–1.2 s), which only made them
 * wait: conversation-accessibility plays it, and reads its dots with and without reduced motion.
 */
export async function typingAtOnce(probe: TactPage, flowId: string, id = flowId): Promise<string> {
  const { flows } = await ask<{ flows: Flow[] }>(probe, 'workspace/get', null);
  const flow = flows.find((f) => f.id === flowId);
  if (!flow) throw new Error(`no flow ${flowId} stored`);
  await ask<Flow>(probe, 'flows/save', { flow: { ...flow, id, persona: { ...flow.persona, typingCps: 0 } } });
  return id;
}
