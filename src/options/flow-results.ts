/**
 * Results per flow on the options page: impressions, completions, dismissals, completion rate,
 * "would have shown" counts of shadow rules, the answers to each question, a step-by-step funnel
 * and a daily series, drawn as plain SVG, for a date range, with CSV and JSON export. The numbers
 * come from the background's rollups, so they are exact and cheap whatever the event count.
 */
import { LitElement, html, nothing, svg } from 'lit';
import { send } from '../shared/protocol.ts';
import { t } from '../shared/i18n.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import type { FlowStats } from '../core/results/flow-stats.ts';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The stats as CSV rows (one section per table), for spreadsheets. */
function statsToCsv(s: FlowStats): string {
  const q = (v: string | number) => (typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
  const rows: (string | number)[][] = [
    ['flow', 'from', 'to', 'shown', 'opened', 'completed', 'dismissed', 'would_show', 'completion_rate'],
    [
      s.flowId,
      s.from ?? '',
      s.to ?? '',
      s.shown,
      s.opened,
      s.completed,
      s.dismissed,
      s.wouldShow,
      Number(s.completionRate.toFixed(4)),
    ],
    [],
    ['question', 'reply', 'count'],
    ...s.answers.flatMap((a) => a.replies.map((r) => [a.question, r.label, r.count])),
    [],
    ['step', 'answered', 'dropped_here'],
    ...s.funnel.map((f) => [f.nodeId, f.answered, f.droppedHere]),
    [],
    ['day', 'shown', 'completed', 'dismissed'],
    ...s.daily.map((d) => [d.day, d.shown, d.completed, d.dismissed]),
  ];
  return rows.map((r) => r.map(q).join(',')).join('\n') + '\n';
}

function download(name: string, type: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export class TactFlowResults extends LitElement {
  static override properties = {
    flows: { attribute: false },
    flowId: { state: true },
    from: { state: true },
    to: { state: true },
    stats: { state: true },
    error: { state: true },
  };
  declare flows: Flow[];
  declare flowId: string;
  declare from: string;
  declare to: string;
  declare stats: FlowStats | undefined;
  declare error: string;

  constructor() {
    super();
    this.flows = [];
    this.flowId = '';
    this.to = iso(new Date());
    this.from = iso(new Date(Date.now() - 29 * DAY));
    this.error = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('flows') && !this.flowId && this.flows[0]) this.flowId = this.flows[0].id;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('flowId') || changed.has('from') || changed.has('to')) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.flowId) return;
    try {
      this.stats = await send('stats/flow', {
        flowId: this.flowId,
        from: this.from || undefined,
        to: this.to || undefined,
      });
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private bars(items: { label: string; value: number }[], cls: string) {
    const max = Math.max(1, ...items.map((i) => i.value));
    const rowH = 26;
    return svg`<svg class="chart ${cls}" viewBox="0 0 400 ${items.length * rowH}" width="100%" role="img" aria-label=${items.map((i) => `${i.label}: ${i.value}`).join(', ')}>
      ${items.map(
        (item, i) => svg`<g transform="translate(0 ${i * rowH})">
          <text x="0" y="17" class="label">${item.label.length > 28 ? item.label.slice(0, 27) + '…' : item.label}</text>
          <rect x="180" y="5" height="16" rx="3" width=${Math.max(item.value ? 2 : 0, (item.value / max) * 180)} class="bar"></rect>
          <text x=${186 + (item.value / max) * 180} y="17" class="value">${item.value}</text>
        </g>`,
      )}
    </svg>`;
  }

  private daily(s: FlowStats) {
    if (!s.daily.length) return html`<p class="empty">${t('resultsNoDays')}</p>`;
    const max = Math.max(1, ...s.daily.map((d) => d.shown));
    const w = 400;
    const h = 120;
    const step = w / s.daily.length;
    return svg`<svg class="chart daily" viewBox="0 0 ${w} ${h + 18}" width="100%" role="img" aria-label=${s.daily.map((d) => `${d.day}: ${d.shown} ${t('resultsShown')}, ${d.completed} ${t('resultsCompleted')}`).join('; ')}>
      ${s.daily.map((d, i) => {
        const bh = (d.shown / max) * h;
        const ch = (d.completed / max) * h;
        return svg`<rect x=${i * step + step * 0.15} y=${h - bh} width=${step * 0.7} height=${bh} class="bar shown"></rect>
          <rect x=${i * step + step * 0.3} y=${h - ch} width=${step * 0.4} height=${ch} class="bar completed"></rect>`;
      })}
      <text x="0" y=${h + 14} class="label">${s.daily[0]!.day}</text>
      <text x=${w} y=${h + 14} text-anchor="end" class="label">${s.daily.at(-1)!.day}</text>
    </svg>`;
  }

  override render() {
    const s = this.stats;
    return html`<section class="card" id="results" aria-labelledby="results-h">
      <h2 id="results-h">${t('resultsTitle')}</h2>
      <div class="results-controls">
        <label
          >${t('optionsColFlow')}
          <select
            id="results-flow"
            .value=${this.flowId}
            @change=${(e: Event) => (this.flowId = (e.target as HTMLSelectElement).value)}
          >
            ${this.flows.map((f) => html`<option value=${f.id} ?selected=${f.id === this.flowId}>${f.name}</option>`)}
          </select>
        </label>
        <label
          >${t('resultsFrom')}
          <input
            id="results-from"
            type="date"
            .value=${this.from}
            @change=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t('resultsTo')}
          <input
            id="results-to"
            type="date"
            .value=${this.to}
            @change=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)}
        /></label>
        <span class="spacer"></span>
        <button
          type="button"
          id="results-csv"
          ?disabled=${!s}
          @click=${() => s && download(`tact-${s.flowId}.csv`, 'text/csv', statsToCsv(s))}
        >
          CSV
        </button>
        <button
          type="button"
          id="results-json"
          ?disabled=${!s}
          @click=${() => s && download(`tact-${s.flowId}.json`, 'application/json', JSON.stringify(s, null, 2))}
        >
          JSON
        </button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !s
          ? nothing
          : s.shown === 0 && s.wouldShow === 0
            ? html`<p class="empty" id="results-empty">${t('resultsEmpty')}</p>`
            : html`<dl class="kpis">
                  <div>
                    <dt>${t('resultsShown')}</dt>
                    <dd id="kpi-shown">${s.shown}</dd>
                  </div>
                  <div>
                    <dt>${t('resultsOpened')}</dt>
                    <dd id="kpi-opened">${s.opened}</dd>
                  </div>
                  <div>
                    <dt>${t('resultsCompleted')}</dt>
                    <dd id="kpi-completed">${s.completed}</dd>
                  </div>
                  <div>
                    <dt>${t('resultsDismissed')}</dt>
                    <dd id="kpi-dismissed">${s.dismissed}</dd>
                  </div>
                  <div>
                    <dt>${t('resultsRate')}</dt>
                    <dd id="kpi-rate">${Math.round(s.completionRate * 100)} %</dd>
                  </div>
                  <div>
                    <dt>${t('resultsWouldShow')}</dt>
                    <dd id="kpi-would">${s.wouldShow}</dd>
                  </div>
                </dl>
                <h3>${t('resultsDaily')}</h3>
                ${this.daily(s)}
                <h3>${t('resultsFunnel')}</h3>
                ${this.bars(
                  s.funnel.map((f) => ({ label: f.nodeId, value: f.answered })),
                  'funnel',
                )}
                ${s.answers.map(
                  (a) =>
                    html`<h3 class="question">${a.question}</h3>
                      ${this.bars(
                        a.replies.map((r) => ({ label: r.label, value: r.count })),
                        'answers',
                      )}`,
                )}`
      }
    </section>`;
  }
}
