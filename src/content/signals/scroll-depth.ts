/**
 * Scroll depth: the share of the page the visitor has brought into view, reported once for each
 * armed threshold (any whole percentage) as it is first crossed. Looked at when a scroll gesture
 * ends. Measured against the whole document, or against the main content (the article, else the
 * main landmark, else the block with the most paragraph text: `mainContentIndex`), for rules that
 * mean "read to the end of the text" on pages whose comments and links run on below it.
 *
 * Look-alikes it ignores: a page too short to scroll (nothing to cross) and programmatic jumps
 * back up (depth only ever grows within a page view). A single-page-app route change starts a new
 * page view, so thresholds are crossed afresh.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { contentDepthPercent, depthPercent, mainContentIndex } from '../../core/signals/scroll-pattern.ts';
import { onScrollEnd } from './shared-listeners.ts';

/** Depth in percent of the document that has been in view, 0–100. */
const pageDepth = (): number =>
  depthPercent(scrollY, innerHeight, Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0));

/** The page's main content element now (looked up again each time: a framework may have replaced it). */
function mainContent(): Element | null {
  const blocks = new Map<Element, number>();
  for (const p of document.querySelectorAll('p')) {
    const length = p.textContent?.trim().length ?? 0;
    if (!length) continue;
    const parent = p.parentElement;
    if (parent) blocks.set(parent, (blocks.get(parent) ?? 0) + length);
    const landmark = p.closest('article, main, [role="main"]');
    if (landmark && landmark !== parent) blocks.set(landmark, (blocks.get(landmark) ?? 0) + length);
  }
  const elements = [...blocks.keys()];
  const rank = (el: Element) => (el.localName === 'article' ? 2 : el.matches('main, [role="main"]') ? 1 : 0);
  const best = mainContentIndex(elements.map((el) => ({ rank: rank(el), textLength: blocks.get(el)! })));
  return best < 0 ? null : elements[best]!;
}

/** Depth in percent of the main content that has been in view; the page's depth when there is none. */
function contentDepth(): number {
  const main = mainContent();
  if (!main) return pageDepth();
  const box = main.getBoundingClientRect();
  return contentDepthPercent(scrollY, innerHeight, box.top + scrollY, box.bottom + scrollY);
}

/**
 * Reports `{ type: 'scroll-depth', percent }` for each of `ofPage` and
 * `{ type: 'scroll-depth', percent, of: 'content' }` for each of `ofContent` once crossed.
 */
export function watchScrollDepth(
  signal: AbortSignal,
  emit: (s: Signal) => void,
  ofPage: readonly number[],
  ofContent: readonly number[] = [],
): void {
  const page = [...ofPage].sort((a, b) => a - b);
  const content = [...ofContent].sort((a, b) => a - b);
  // A local controller so the subscription ends once every threshold was reported.
  const done = new AbortController();
  signal.addEventListener('abort', () => done.abort(), { once: true });
  onScrollEnd(() => {
    if (page.length) {
      const depth = pageDepth();
      while (page.length && depth >= page[0]!) emit({ type: 'scroll-depth', percent: page.shift()! });
    }
    if (content.length) {
      const depth = contentDepth();
      while (content.length && depth >= content[0]!)
        emit({ type: 'scroll-depth', percent: content.shift()!, of: 'content' });
    }
    if (!page.length && !content.length) done.abort();
  }, done.signal);
}
