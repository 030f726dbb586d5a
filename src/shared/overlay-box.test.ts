import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_OVERLAY_HEIGHT,
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
    assert.equal(MAX_OVERLAY_HEIGHT, 'max(100% / 2 - 24px, min(100% - 32px, 256px))');
    assert.deepEqual(VIEWPORT_CAPS, {
      width: 'calc(100vw - 32px)',
      height: 'max(100vh / 2 - 24px, min(100vh - 32px, 256px))',
    });
    // The same formula in numbers, for the windows a visitor may have (CSS px high).
    const cap = (vh: number) => Math.max(vh / 2 - 24, Math.min(vh - 32, 256));
    assert.equal(cap(720), 336, 'an ordinary window: half of it');
    assert.equal(cap(400), 256, 'a short window (dev tools open): what a step needs');
    assert.equal(cap(360), 256, '200 % zoom of 720 px');
    assert.equal(cap(180), 148, '400 % zoom of 720 px: all of it but the margins');
  });

  it('wants the panel high enough to show what it and its transcript scroll out of sight', () => {
    const box = (offsetHeight: number, clientHeight: number, scrollHeight: number) => ({
      offsetHeight,
      clientHeight,
      scrollHeight,
    });
    // Nothing hidden: its own height (borders included).
    assert.equal(wantedPanelHeight(box(243, 241, 241), box(70, 70, 70)), 243);
    // Capped at 200: the transcript hides 30 px, the panel itself 40 more.
    assert.equal(wantedPanelHeight(box(200, 198, 238), box(68, 68, 98)), 270);
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
});
