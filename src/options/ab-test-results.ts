/**
 * The A/B tests' results under Results (`tact-ab-test-results`): for every rule running a test (on
 * a flow's page, those with a variant showing that flow), one "Variants" table per goal with each
 * variant's exposures, conversions, rate with its 95 % interval and verdict against the control,
 * the sample-ratio warning when the arms' sizes do not follow their weights, and an empty state
 * before anyone has seen the test. Follows new events as the background announces them (an
 * exposure is recorded with its `shown` event).
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { send } from '../shared/protocol.ts';
import { followNewEvents } from './follow-new-events.ts';
import { plural, t, uiLanguage } from '../shared/i18n.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import type { ExperimentResults } from '../core/experiments/experiment-log.ts';
import { experimentView, type ExperimentView } from './experiment-view-model.ts';

export class TactAbTestResults extends LitElement {
  static override properties = {
    flows: { attribute: false },
    flowId: { attribute: false },
    results: { state: true },
    error: { state: true },
  };
  declare flows: Flow[];
  /** Only the tests with a variant showing this flow; '' for every test. */
  declare flowId: string;
  declare results: ExperimentResults[] | undefined;
  declare error: string;

  private stopListening: (() => void) | undefined;

  constructor() {
    super();
    this.flows = [];
    this.flowId = '';
    this.error = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopListening = followNewEvents(
      () => true,
      () => void this.load(),
    );
  }

  override disconnectedCallback(): void {
    this.stopListening?.();
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('flowId')) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.results = await send('experiments/results', this.flowId ? { flowId: this.flowId } : {});
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.results?.length) return nothing;
    const names = new Map(this.flows.map((f) => [f.id, f.name]));
    const words = { lang: uiLanguage(), t, plural };
    const views = this.results.map((r) => experimentView(r, words, (id) => names.get(id) ?? id));
    return html`<section class="card" id="ab-results" aria-labelledby="ab-results-h">
      <h2 id="ab-results-h">${t('abResultsTitle')}</h2>
      <p class="muted" id="ab-results-help">${t('abResultsHelp')}</p>
      ${views.map((v) => this.renderTest(v))}
    </section>`;
  }

  private renderTest(v: ExperimentView) {
    const id = `ab-${v.ruleId}`;
    return html`<section class="ab-test" id=${id} aria-labelledby="${id}-h">
      <h3 id="${id}-h">${v.title}</h3>
      ${v.sampleRatioWarning ? html`<p class="error ab-srm" role="alert">${v.sampleRatioWarning}</p>` : nothing}
      ${
        v.empty
          ? html`<p class="empty ab-empty">${t('abEmpty')}</p>`
          : v.tables.map(
              (table) =>
                html`<table class="ab-variants" data-goal=${table.goalId} aria-describedby="ab-results-help">
                  <caption>
                    ${t('abVariantsCaption', table.caption)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t('abColVariant')}</th>
                      <th scope="col">${t('abColShows')}</th>
                      <th scope="col" class="num">${t('abColExposures')}</th>
                      <th scope="col" class="num">${t('abColConversions')}</th>
                      <th scope="col" class="num">${t('abColRate')}</th>
                      <th scope="col">${t('abColVerdict')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${table.rows.map(
                      (row) =>
                        html`<tr data-variant=${row.variantId}>
                          <th scope="row">${row.variantId}</th>
                          <td>${row.shows}</td>
                          <td class="num ab-exposures">${row.exposures}</td>
                          <td class="num ab-conversions">${row.conversions}</td>
                          <td class="num">${row.rate}</td>
                          <td class="ab-verdict ab-verdict-${row.verdictKind}">${row.verdict}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`,
            )
      }
    </section>`;
  }
}
