/**
 * Where the picker's hover label goes (`picker.ts`): by the outlined element, always inside the
 * viewport. Pure, so its cases run in Node tests.
 */

/** Space kept between the label and the viewport's edges, and between the label and the outline. */
export const EDGE = 4;

/**
 * The label's viewport position: above the outlined box, else (no room above) below it, else (a
 * box as tall as the viewport) inside its top edge; its start aligned with the box's; then moved
 * back inside the viewport wherever it would cross an edge (a box partly or wholly out of view).
 */
export function labelPosition(
  box: { left: number; top: number; bottom: number },
  label: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number } {
  const top =
    box.top - label.height - EDGE >= EDGE
      ? box.top - label.height - EDGE
      : box.bottom + EDGE + label.height <= viewport.height - EDGE
        ? box.bottom + EDGE
        : box.top + EDGE;
  return {
    left: Math.max(EDGE, Math.min(box.left, viewport.width - label.width - EDGE)),
    top: Math.max(EDGE, Math.min(top, viewport.height - label.height - EDGE)),
  };
}
