import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  liftOverCornerWidgets,
  MAX_OVERLAY_HEIGHT,
  maxOverlayHeight,
  overlayHostStyle,
  PANEL_WIDTH,
  setImportant,
  setImportantStyle,
  undoingZoom,
  VIEWPORT_CAPS,
  wantedPanelHeight,
} from './overlay-box.ts';

/** An element's inline style as the two setters use it: `cssText` and `setProperty`. */
function fakeElement() {
  const set: [string, string, string][] = [];
  const style = {
    cssText: '',
    setProperty: (name: string, value: string, priority: string) => set.push([name, value, priority]),
  };
  return { el: { style } as unknown as HTMLElement, style, set };
}

describe('the overlay box', () => {
  it('resets the page rules first, then sizes the host as asked, hidden, in the top stacking place', () => {
    const style = overlayHostStyle(`${PANEL_WIDTH}px`, MAX_OVERLAY_HEIGHT);
    assert.equal(Object.keys(style)[0], 'all');
    assert.equal(style.all, 'initial');
    assert.equal(style.width, '360px');
    assert.equal(style.height, MAX_OVERLAY_HEIGHT);
    assert.equal(style['max-height'], MAX_OVERLAY_HEIGHT);
    assert.equal(style['max-width'], 'calc(100% - 32px)');
    assert.equal(style.visibility, 'hidden');
    assert.equal(style['z-index'], '2147483647');
  });

  it('takes the lower half of the viewport, or on a short one the height a simple step needs, within the viewport', () => {
    assert.equal(MAX_OVERLAY_HEIGHT, 'max(100% / 2 - 24px, min(100% - 32px, 320px))');
    assert.deepEqual(VIEWPORT_CAPS, {
      width: 'calc(100vw - 32px)',
      height: 'max(100vh / 2 - 24px, min(100vh - 32px, 320px))',
    });
    // The same formula in numbers, for the windows a visitor may have (CSS px high).
    const cap = (vh: number) => Math.max(vh / 2 - 24, Math.min(vh - 32, 320));
    assert.equal(cap(720), 336, 'an ordinary window: half of it');
    assert.equal(cap(600), 320, 'a laptop’s 768 px screen: what a step with "why" open needs');
    assert.equal(cap(688), 320, 'from here on, half of it');
    assert.equal(cap(400), 320, 'a short window (dev tools open): what a step with "why" open needs');
    assert.equal(cap(360), 320, '200 % zoom of 720 px');
    assert.equal(cap(180), 148, '400 % zoom of 720 px: all of it but the margins');
  });

  it('wants the panel high enough to show what it, its transcript and its "why" scroll out of sight', () => {
    const box = (clientHeight: number, scrollHeight: number) => ({ clientHeight, scrollHeight });
    // Nothing hidden: its own height (borders included).
    assert.equal(wantedPanelHeight(243, box(241, 241), [box(70, 70)]), 243);
    // Capped at 200: the transcript hides 30 px, the panel itself 40 more.
    assert.equal(wantedPanelHeight(200, box(198, 238), [box(68, 98)]), 270);
    // "Why" open beside the transcript: what each of them hides.
    assert.equal(wantedPanelHeight(336, box(334, 334), [box(90, 110), box(80, 150)]), 426);
    // Its fraction of a pixel is kept (the overlay rounds up): a frame of 218 px scrolled a 218.4 px panel.
    assert.equal(wantedPanelHeight(218.4, box(216, 216), [box(70, 70)]), 218.4);
  });

  it("undoes a page's zoom on its root, and nothing else", () => {
    assert.deepEqual(undoingZoom('2'), { zoom: '0.5' });
    assert.deepEqual(undoingZoom('0.8'), { zoom: '1.25' });
    assert.deepEqual(undoingZoom('1'), {});
    assert.deepEqual(undoingZoom(''), {}); // a browser without `zoom`
    assert.deepEqual(undoingZoom('0'), {});
    assert.deepEqual(undoingZoom('normal'), {});
  });

  it('writes every declaration !important, in the order given', () => {
    const { el, style, set } = fakeElement();
    setImportantStyle(el, { all: 'initial', width: 'auto' });
    assert.equal(style.cssText, 'all:initial!important;width:auto!important');
    setImportant(el, { width: '10px', visibility: 'visible' });
    assert.deepEqual(set, [
      ['width', '10px', 'important'],
      ['visibility', 'visible', 'important'],
    ]);
  });

  it("goes above the page's own widgets in its corner, and only those", () => {
    const box = (top: number, right: number, bottom: number, left: number) => ({ top, right, bottom, left });
    assert.equal(liftOverCornerWidgets([], 1280, 720), 0);
    // A chat launcher 60 px round at right 20, bottom 76 (above a cookie bar): 8 px above it.
    assert.equal(liftOverCornerWidgets([box(584, 1260, 644, 1200)], 1280, 720), 128);
    // The cookie bar under it, full width: the launcher is the higher.
    assert.equal(liftOverCornerWidgets([box(664, 1280, 720, 0), box(584, 1260, 644, 1200)], 1280, 720), 128);
    assert.equal(liftOverCornerWidgets([box(664, 1280, 720, 0)], 1280, 720), 48);
    // Left of the overlay's column, the page's layout (a fixed shell from the top), empty boxes: not in the way.
    assert.equal(liftOverCornerWidgets([box(600, 800, 700, 700)], 1280, 720), 0);
    assert.equal(liftOverCornerWidgets([box(0, 1280, 720, 0)], 1280, 720), 0);
    assert.equal(liftOverCornerWidgets([box(650, 1280, 650, 0)], 1280, 720), 0);
    // A bar as high as a third of the viewport is the highest still lifted over.
    assert.equal(liftOverCornerWidgets([box(480, 1280, 720, 0)], 1280, 720), 232);
    assert.equal(maxOverlayHeight(0), MAX_OVERLAY_HEIGHT);
    assert.equal(maxOverlayHeight(128), 'max((100% - 128px) / 2 - 24px, min((100% - 128px) - 32px, 320px))');
    const lifted = overlayHostStyle('360px', 'auto', 128);
    assert.deepEqual([lifted.bottom, lifted['max-height']], ['144px', maxOverlayHeight(128)]);
  });

  it('clears every corner widget by at least the gap, never going up more than a third of the viewport (property)', () => {
    const viewport = fc.record({
      width: fc.integer({ min: 320, max: 2560 }),
      height: fc.integer({ min: 300, max: 1600 }),
    });
    fc.assert(
      fc.property(
        viewport,
        fc.array(
          fc.record({
            top: fc.double({ min: -100, max: 1700, noNaN: true }),
            height: fc.double({ min: 0, max: 400, noNaN: true }),
            left: fc.double({ min: -100, max: 2600, noNaN: true }),
            width: fc.double({ min: 0, max: 2600, noNaN: true }),
          }),
          { maxLength: 6 },
        ),
        ({ width, height }, raw) => {
          const widgets = raw.map((w) => ({
            top: w.top,
            bottom: w.top + w.height,
            left: w.left,
            right: w.left + w.width,
          }));
          const lift = liftOverCornerWidgets(widgets, width, height);
          assert.ok(lift >= 0 && lift <= height / 3, `lift ${lift} within a third of ${height}`);
          const overlayBottom = height - 16 - lift;
          for (const w of widgets) {
            const cornerWidget =
              w.top >= (height * 2) / 3 && w.top < height && w.bottom > w.top && w.right > width - 376;
            if (cornerWidget && lift < Math.floor(height / 3))
              assert.ok(overlayBottom <= w.top - 8, `clears ${JSON.stringify(w)}`);
          }
        },
      ),
    );
  });
});
