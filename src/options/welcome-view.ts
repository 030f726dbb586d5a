/**
 * The welcome view of the options page (route `#welcome`), opened once, when Tact is installed
 * (background.ts): what Tact does, that a fresh install is quiet (the default rules talk on the
 * demo shop only), where the data lives, how to try the demo shop, how to start from a template,
 * and how to turn Tact off. Plain headings, lists and links, so it reads well with a keyboard and
 * a screen reader; every text is in en/fr/ru (`welcome*` messages).
 */
import { LitElement, html } from 'lit';
import { TEMPLATES } from '../core/flows/templates.ts';
import { t, uiLanguage } from '../shared/i18n.ts';
import { resolveText } from '../core/flows/localized-text.ts';

/** Where `npm start` and `npm run demo` serve the demo shop by default (scripts/demo-server.mjs). */
const DEMO_SHOP_URL = 'http://northwind.localhost:4173/';

/** The message `key` with the command `code` in its place ($1), set as code as `npm start` is. */
function withCode(key: string, code: string) {
  const [before = '', after = ''] = t(key, '\u0000').split('\u0000');
  return html`${before}<code>${code}</code>${after}`;
}

export class TactWelcome extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    return html`<section class="card welcome" aria-labelledby="welcome-h">
        <h2 id="welcome-h" tabindex="-1" data-view-heading>${t('welcomeTitle')}</h2>
        <p>${t('welcomeWhat')}</p>
        <p id="welcome-quiet">${t('welcomeQuiet')}</p>
      </section>
      <section class="card welcome" aria-labelledby="welcome-data-h">
        <h2 id="welcome-data-h">${t('welcomeDataTitle')}</h2>
        <p id="welcome-data">${t('welcomeData')}</p>
      </section>
      <section class="card welcome" aria-labelledby="welcome-demo-h">
        <h2 id="welcome-demo-h">${t('welcomeDemoTitle')}</h2>
        <p>${t('welcomeDemoStart')} <code>npm start</code></p>
        <p>
          ${withCode('welcomeDemoOpen', 'npm run demo')}
          <a id="welcome-demo-link" href=${DEMO_SHOP_URL} target="_blank" rel="noopener noreferrer">${DEMO_SHOP_URL}</a>
        </p>
        <ul>
          <li>${t('welcomeDemoExit')}</li>
          <li>${t('welcomeDemoPricing')}</li>
          <li>${t('welcomeDemoPopup')}</li>
        </ul>
      </section>
      <section class="card welcome" aria-labelledby="welcome-templates-h">
        <h2 id="welcome-templates-h">${t('welcomeTemplatesTitle')}</h2>
        <p>${t('welcomeTemplates')}</p>
        <ul class="welcome-templates">
          ${TEMPLATES.map(
            (x) =>
              html`<li>
                <a href="#flow/new?template=${encodeURIComponent(x.id)}" data-template=${x.id}
                  >${resolveText(x.title, uiLanguage())}</a
                >:
                <span class="muted">${resolveText(x.summary, uiLanguage())}</span>
              </li>`,
          )}
        </ul>
        <p><a id="welcome-flows" href="#flows">${t('welcomeToFlows')}</a></p>
      </section>
      <section class="card welcome" aria-labelledby="welcome-off-h">
        <h2 id="welcome-off-h">${t('welcomeOffTitle')}</h2>
        <ul>
          <li>${t('welcomeOffSite')}</li>
          <li>${t('welcomeOffRule')}</li>
          <li>${t('welcomeOffSnooze')}</li>
          <li>${t('welcomeOffAll')}</li>
        </ul>
      </section>`;
  }
}
