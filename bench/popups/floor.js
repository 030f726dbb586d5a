// The floor of bench:overlay: what a page script can do at best on the exit. A lit-html
// bubble (Tact's first step, with Tact's own overlay stylesheet, fetched before the trigger as an
// in-page widget bundles its CSS) rendered into a closed shadow root on a host in the top layer,
// as Tact's overlay host is. It cannot keep typing private (ARCHITECTURE.md, "The overlay's
// isolation"): it only says how fast a bubble can appear.
import { html, render } from 'lit/html.js';
import { EXIT_REPLIES, EXIT_TEXT, onExit } from './exit-trigger.js';

const sheet = new CSSStyleSheet();
sheet.replaceSync(await (await fetch('/__bench/overlay.css')).text());

onExit(() => {
  const host = document.createElement('div');
  host.setAttribute('popover', 'manual');
  host.style.cssText =
    'position: fixed; inset: auto 16px 16px auto; margin: 0; padding: 0; border: 0; background: transparent; overflow: visible';
  const root = host.attachShadow({ mode: 'closed' });
  root.adoptedStyleSheets = [sheet];
  render(
    html`<section class="panel" role="complementary">
      <div class="header">
        <span class="avatar" aria-hidden="true">A</span>
        <div class="who"><strong>Alex</strong></div>
        <button class="icon-button close" type="button" aria-label="Close">×</button>
      </div>
      <div class="log" role="log"><p class="bubble bot">${EXIT_TEXT}</p></div>
      <div class="controls">
        <div class="replies">${EXIT_REPLIES.map((r) => html`<button class="reply" type="button">${r}</button>`)}</div>
      </div>
    </section>`,
    root,
  );
  document.documentElement.append(host);
  host.showPopover();
});
