// Shared by the bench popups: the trigger Tact reacts to, for a plain page script. `show` runs
// once, when the pointer leaves the document through its top edge (the root's `mouseleave` at
// y ≤ 8 px, Tact's TOP_STRIP): the very event on which Tact's content script detects exit intent.
// `window.__peerReady` tells the bench the page's widget is loaded and set up.

/** The first step of Tact's shipped exit-offer flow: the same words the floor and peers show. */
export const EXIT_TEXT = 'Before you go: did you find what you were looking for?';
export const EXIT_REPLIES = ['Yes, just browsing', 'Not quite'];

/** Calls `show` once, on the exit. */
export function onExit(show) {
  let shown = false;
  document.documentElement.addEventListener(
    'mouseleave',
    (e) => {
      if (shown || e.clientY > 8) return;
      shown = true;
      show();
    },
    { passive: true },
  );
  window.__peerReady = true;
}
