import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_OVERLAY_HEIGHT, overlayHostStyle, PANEL_WIDTH, setImportant, setImportantStyle } from './overlay-box.ts';

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
    assert.equal(style.height, 'calc(50vh - 24px)');
    assert.equal(style['max-height'], MAX_OVERLAY_HEIGHT);
    assert.equal(style.visibility, 'hidden');
    assert.equal(style['z-index'], '2147483647');
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
