/**
 * Clicks on an A/B test's goal elements ("clicked Add to cart"), watched only when the background
 * names selectors at hello (tests this visitor was exposed to and has not converted in): one
 * passive capture listener on the window. It reports which goal selector was clicked, once per
 * page view, never what the element or the page says.
 */
export function watchGoalClicks(
  selectors: readonly string[],
  signal: AbortSignal,
  report: (selector: string) => void,
): void {
  const pending = new Set(selectors);
  if (!pending.size) return;
  addEventListener(
    'click',
    (e) => {
      const target = e.target instanceof Element ? e.target : null;
      if (!target) return;
      for (const selector of pending) {
        let hit = false;
        try {
          hit = target.closest(selector) !== null;
        } catch {
          // A selector this browser cannot read: it never matches.
        }
        if (hit) {
          pending.delete(selector);
          report(selector);
        }
      }
    },
    { capture: true, passive: true, signal },
  );
}
