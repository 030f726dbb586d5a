/**
 * Whether a closed <select> cuts the text of its chosen option: a select cannot wrap, so a long
 * flow or rule name ("Trail tips after an article for hikers 2026") shows only its start in the
 * 320 px popup. Measured with the select's own font; the room is its content box less the width
 * browsers give the drop-down arrow (about 20 px in Chromium and Firefox; 24 counted, so a name
 * that barely fits is said in full rather than risk a cut one).
 */
const ARROW_PX = 24;

let canvas: HTMLCanvasElement | undefined;

export function choiceCut(select: HTMLSelectElement): boolean {
  const text = select.selectedOptions[0]?.text ?? '';
  if (!text) return false;
  const style = getComputedStyle(select);
  const context = (canvas ??= document.createElement('canvas')).getContext('2d');
  if (!context) return true;
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - ARROW_PX;
  return context.measureText(text).width > room;
}
