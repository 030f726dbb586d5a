/**
 * The Results view (`#results`, `#results?flow=<id>`). It opens on an overview of every flow
 * (shown, opened, completed, dismissed, completion rate; sortable by any column from the keyboard);
 * a flow's own page has its numbers, a daily chart, the answers per step (named by their question)
 * and the replies to each question, each chart with axes, a legend and the same numbers as a
 * table, each table downloadable as its own CSV file. The export gives one row per conversation
 * (started at, page, each answer under its question, tags, outcome) as CSV or JSON, for the
 * chosen days. Numbers come from the background's rollups, conversations from the event log; the
 * view follows new events as the background announces them (`events/appended`), without polling.
 */
import { offerDownload } from './offer-download.ts';
import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { send } from '../shared/protocol.ts';
import { followNewEvents } from './follow-new-events.ts';
import { clauses, colon, formatDateTime, formatNumber, t, uiLanguage } from '../shared/i18n.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import { flowLocaleOf } from '../core/flows/localized-text.ts';
import type { FlowStats, FlowTotals } from '../core/results/flow-stats.ts';
import { toCsv } from '../core/results/csv.ts';
import { localDateTime, tableCells, tableJson, type TableWords } from '../core/results/conversation-rows.ts';
import {
  axisTicks,
  dailyCells,
  funnelCells,
  overviewCells,
  replyCells,
  sortTotals,
  statsInReaderWords,
  type OverviewKey,
  type OverviewSort,
  type TableHeads,
} from './results-view-model.ts';
import { failureText } from '../shared/failure-text.ts';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
/** A "YYYY-MM-DD" day as the UI language writes a short date (UTC, as the day was counted). */
const formatDay = (day: string) => formatDateTime(Date.parse(day), { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A file name part from a flow id (ids are already safe; this keeps it so). */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

function heads(): TableHeads {
  return {
    flow: t('optionsColFlow'),
    shown: t('resultsShown'),
    opened: t('resultsOpened'),
    completed: t('resultsCompleted'),
    dismissed: t('resultsDismissed'),
    rate: t('resultsRatePercent'),
    day: t('resultsDay'),
    step: t('resultsStep'),
    answered: t('resultsAnswered'),
    leftHere: t('resultsLeftHere'),
    reply: t('resultsReply'),
    count: t('resultsCount'),
  };
}

/** The export's fixed columns and outcomes in the reader's language. */
function exportWords(): TableWords {
  return {
    startedAt: t('resultsStartedAt'),
    page: t('optionsColPage'),
    tags: t('resultsTags'),
    outcome: t('resultsOutcome'),
    outcomes: {
      completed: t('resultsOutcomeCompleted'),
      dismissed: t('resultsOutcomeDismissed'),
      open: t('resultsOutcomeOpen'),
    },
    removedStep: (id) => t('resultsRemovedStep', id),
    time: localDateTime,
  };
}

const OVERVIEW_COLUMNS: [OverviewKey, () => string][] = [
  ['name', () => t('optionsColFlow')],
  ['shown', () => t('resultsShown')],
  ['opened', () => t('resultsOpened')],
  ['completed', () => t('resultsCompleted')],
  ['completionRate', () => t('resultsRate')],
];

export class TactFlowResults extends LitElement {
  static override properties = {
    flows: { attribute: false },
    flowId: { attribute: false },
    from: { state: true },
    to: { state: true },
    stats: { state: true },
    overview: { state: true },
    sort: { state: true },
    error: { state: true },
    exporting: { state: true },
  };
  declare flows: Flow[];
  /** The flow shown; '' for the overview of all flows. */
  declare flowId: string;
  declare from: string;
  declare to: string;
  declare stats: FlowStats | undefined;
  declare overview: FlowTotals[] | undefined;
  declare sort: OverviewSort;
  declare error: string;
  declare exporting: boolean;

  private stopListening: (() => void) | undefined;

  constructor() {
    super();
    this.flows = [];
    this.flowId = '';
    this.to = iso(new Date());
    this.from = iso(new Date(Date.now() - 29 * DAY));
    this.sort = { key: 'shown', descending: true };
    this.error = '';
    this.exporting = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopListening = followNewEvents(
      (news) => !this.flowId || news.flowIds.includes(this.flowId),
      () => void this.load(),
    );
  }

  override disconnectedCallback(): void {
    this.stopListening?.();
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('flowId') || changed.has('from') || changed.has('to')) void this.load();
  }

  private get range(): { from?: string; to?: string } {
    return { ...(this.from ? { from: this.from } : {}), ...(this.to ? { to: this.to } : {}) };
  }

  private async load(): Promise<void> {
    try {
      if (this.flowId) {
        // Questions and replies named in the reader's language where the flow has it.
        const locale = flowLocaleOf(uiLanguage());
        const stats = await send('stats/flow', { flowId: this.flowId, ...this.range, ...(locale ? { locale } : {}) });
        this.stats = statsInReaderWords(stats, t('resultsFreeText'));
      } else this.overview = await send('stats/overview', this.range);
      this.error = '';
    } catch (error) {
      this.error = failureText(error);
    }
  }

  private go(flowId: string): void {
    this.dispatchEvent(
      new CustomEvent('tact-navigate', { detail: `#results?flow=${encodeURIComponent(flowId)}`, bubbles: true }),
    );
  }

  /** Downloads the flow's conversations, one row each, as CSV or JSON. */
  private async exportConversations(format: 'csv' | 'json'): Promise<void> {
    const flow = this.flows.find((f) => f.id === this.flowId);
    this.exporting = true;
    try {
      const table = await send('results/conversations', { flowId: this.flowId, ...this.range });
      const name = `tact-${fileSafe(this.flowId)}-conversations-${this.from || 'start'}-${this.to || 'now'}`;
      if (format === 'csv')
        offerDownload(`${name}.csv`, 'text/csv;charset=utf-8', toCsv(tableCells(table, exportWords())));
      else
        offerDownload(
          `${name}.json`,
          'application/json',
          JSON.stringify(tableJson(table, flow?.name ?? this.flowId, this.range, Date.now()), null, 2),
        );
      this.error = '';
    } catch (error) {
      this.error = failureText(error);
    } finally {
      this.exporting = false;
    }
  }

  override render() {
    const flow = this.flowId ? this.flows.find((f) => f.id === this.flowId) : undefined;
    return html`<section class="card" id="results" aria-labelledby="results-h">
      <h2 id="results-h" tabindex="-1" data-view-heading>
        ${flow ? t('resultsFlowTitle', flow.name) : this.flowId ? t('resultsFlowTitle', this.flowId) : t('resultsOverviewTitle')}
      </h2>
      ${this.flowId ? html`<p><a href="#results" id="results-all">${t('resultsAllFlows')}</a></p>` : nothing}
      <div class="results-controls">
        ${
          this.flowId
            ? html`<label
                >${t('optionsColFlow')}
                <select id="results-flow" @change=${(e: Event) => this.go((e.target as HTMLSelectElement).value)}>
                  ${this.flows.map((f) => html`<option value=${f.id} ?selected=${f.id === this.flowId}>${f.name}</option>`)}
                </select>
              </label>`
            : nothing
        }
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
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.flowId ? this.renderFlow() : this.renderOverview()}
    </section>`;
  }

  // ------------------------------------------------------------------ overview

  private renderOverview() {
    const rows = this.overview;
    if (!rows) return html`<p class="muted">${t('optionsLoading')}</p>`;
    const sorted = sortTotals(rows, this.sort, uiLanguage());
    const pct = new Intl.NumberFormat(uiLanguage(), { style: 'percent', maximumFractionDigits: 0 });
    const sortButton = (key: OverviewKey, label: string) => {
      const active = this.sort.key === key;
      return html`<th
        scope="col"
        aria-sort=${active ? (this.sort.descending ? 'descending' : 'ascending') : 'none'}
        class=${key === 'name' ? '' : 'num'}
      >
        <button
          type="button"
          class="sort"
          id="sort-${key}"
          @click=${() => (this.sort = { key, descending: active ? !this.sort.descending : key !== 'name' })}
        >
          ${label}<span aria-hidden="true">${active ? (this.sort.descending ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>`;
    };
    return html`<p class="muted" id="results-overview-help">${t('resultsOverviewHelp')}</p>
      <table id="results-overview" aria-describedby="results-overview-help">
        <caption class="visually-hidden">
          ${t('resultsOverviewTitle')}
        </caption>
        <thead>
          <tr>
            ${OVERVIEW_COLUMNS.map(([key, label]) => sortButton(key, label()))}
          </tr>
        </thead>
        <tbody>
          ${sorted.map(
            (r) =>
              html`<tr data-flow=${r.flowId}>
                <th scope="row">
                  ${r.name === undefined ? html`<span class="muted">${t('resultsRemovedFlow', r.flowId)}</span>` : html`<a href="#results?flow=${encodeURIComponent(r.flowId)}">${r.name}</a>`}
                </th>
                <td class="num" data-col="shown">${formatNumber(r.shown)}</td>
                <td class="num" data-col="opened">${formatNumber(r.opened)}</td>
                <td class="num" data-col="completed">${formatNumber(r.completed)}</td>
                <td class="num" data-col="rate">${r.shown ? pct.format(r.completionRate) : '–'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${this.csvButton(
        'overview',
        overviewCells(sorted, heads(), (id) => t('resultsRemovedFlow', id)),
      )}`;
  }

  // ------------------------------------------------------------------ one flow

  private renderFlow() {
    const s = this.stats;
    const exportBlock = html`<div class="results-export" role="group" aria-labelledby="results-export-h">
      <h3 id="results-export-h">${t('resultsExportTitle')}</h3>
      <p class="muted">${t('resultsExportHelp')}</p>
      <button
        type="button"
        id="results-export-csv"
        ?disabled=${this.exporting}
        @click=${() => this.exportConversations('csv')}
      >
        ${t('resultsExportCsv')}
      </button>
      <button
        type="button"
        id="results-export-json"
        ?disabled=${this.exporting}
        @click=${() => this.exportConversations('json')}
      >
        ${t('resultsExportJson')}
      </button>
      <button
        type="button"
        id="results-json"
        ?disabled=${!s}
        @click=${() => s && offerDownload(`tact-${fileSafe(s.flowId)}-numbers.json`, 'application/json', JSON.stringify(s, null, 2))}
      >
        ${t('resultsNumbersJson')}
      </button>
    </div>`;
    if (!s || s.flowId !== this.flowId)
      return html`<p class="muted">${t('optionsLoading')}</p>
        ${exportBlock}`;
    if (s.shown === 0 && s.wouldShow === 0)
      return html`<p class="empty" id="results-empty">${t('resultsEmpty')}</p>
        ${exportBlock}`;
    const kpi = (id: string, label: string, value: string) =>
      html`<div>
        <dt>${label}</dt>
        <dd id=${id}>${value}</dd>
      </div>`;
    const h = heads();
    return html`<dl class="kpis">
        ${kpi('kpi-shown', t('resultsShown'), formatNumber(s.shown))}
        ${kpi('kpi-opened', t('resultsOpened'), formatNumber(s.opened))}
        ${kpi('kpi-completed', t('resultsCompleted'), formatNumber(s.completed))}
        ${kpi('kpi-dismissed', t('resultsDismissed'), formatNumber(s.dismissed))}
        ${kpi('kpi-rate', t('resultsRate'), formatNumber(s.completionRate, { style: 'percent', maximumFractionDigits: 0 }))}
        ${kpi('kpi-would', t('resultsWouldShow'), formatNumber(s.wouldShow))}
      </dl>
      ${exportBlock}
      <h3 id="daily-h">${t('resultsDaily')}</h3>
      ${this.daily(s)} ${this.tableView('daily', dailyCells(s, h))}
      <h3 id="funnel-h">${t('resultsFunnel')}</h3>
      ${this.bars(
        s.funnel.map((f) => ({ label: f.question, value: f.answered })),
        'funnel',
        t('resultsAnswered'),
      )}
      ${this.tableView('funnel', funnelCells(s, h))}
      ${s.answers.map(
        (a, i) =>
          html`<h3 class="question" id="question-${i}-h">${a.question}</h3>
            ${this.bars(
              a.replies.map((r) => ({ label: r.label, value: r.count })),
              'answers',
              t('resultsCount'),
            )}
            ${this.tableView(`question-${i}`, replyCells(a, h))}`,
      )}`;
  }

  /** A table of the chart's numbers, folded under the chart, with its own CSV download. */
  private tableView(id: string, cells: (string | number)[][]) {
    const [head = [], ...body] = cells;
    return html`<details class="table-view" id="table-${id}">
      <summary>${t('resultsShowTable')}</summary>
      <table>
        <thead>
          <tr>
            ${head.map((c, i) => html`<th scope="col" class=${i ? 'num' : ''}>${c}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${body.map(
            (row) =>
              html`<tr>
                ${row.map((c, i) =>
                  // The CSV keeps plain numbers; the page writes them as the UI language does.
                  i
                    ? html`<td class="num">${typeof c === 'number' ? formatNumber(c) : c}</td>`
                    : html`<th scope="row">${c}</th>`,
                )}
              </tr>`,
          )}
        </tbody>
      </table>
      ${this.csvButton(id, cells)}
    </details>`;
  }

  private csvButton(id: string, cells: (string | number)[][]) {
    const name = `tact-${this.flowId ? `${fileSafe(this.flowId)}-` : ''}${id}-${this.from || 'start'}-${this.to || 'now'}.csv`;
    return html`<button
      type="button"
      class="small"
      id="csv-${id}"
      @click=${() => offerDownload(name, 'text/csv;charset=utf-8', toCsv(cells))}
    >
      ${t('resultsTableCsv')}
    </button>`;
  }

  /** Horizontal bars: one per item, a value axis with ticks at the bottom, a one-entry legend. */
  private bars(items: { label: string; value: number }[], cls: string, legend: string) {
    const ticks = axisTicks(Math.max(0, ...items.map((i) => i.value)));
    const top = ticks.at(-1)!;
    const rowH = 26;
    const left = 190;
    const width = 200;
    const height = items.length * rowH;
    const x = (v: number) => left + (v / top) * width;
    return html`<figure class="chart-figure">
      ${svg`<svg class="chart ${cls}" viewBox="0 0 420 ${height + 30}" width="100%" role="img" aria-label=${items.map((i) => `${colon(i.label)} ${formatNumber(i.value)}`).join(', ')}>
        ${ticks.map((v) => svg`<line class="grid" x1=${x(v)} x2=${x(v)} y1="0" y2=${height}></line>`)}
        ${items.map(
          (item, i) => svg`<g transform="translate(0 ${i * rowH})">
            <title>${colon(item.label)} ${formatNumber(item.value)}</title>
            <text x="0" y="17" class="label">${item.label.length > 30 ? item.label.slice(0, 29) + '…' : item.label}</text>
            <rect x=${left} y="5" height="16" rx="3" width=${Math.max(item.value ? 2 : 0, x(item.value) - left)} class="bar"></rect>
            <text x=${x(item.value) + 6} y="17" class="value">${formatNumber(item.value)}</text>
          </g>`,
        )}
        <line class="axis" x1=${left} x2=${left + width} y1=${height} y2=${height}></line>
        ${ticks.map((v) => svg`<text class="tick" x=${x(v)} y=${height + 14} text-anchor="middle">${formatNumber(v)}</text>`)}
        <text class="axis-title" x=${left + width / 2} y=${height + 28} text-anchor="middle">${legend}</text>
      </svg>`}
      <figcaption>
        <ul class="legend">
          <li><span class="swatch bar" aria-hidden="true"></span>${legend}</li>
        </ul>
      </figcaption>
    </figure>`;
  }

  /** Vertical bars per day (shown, and completed inside them), with both axes and a legend. */
  private daily(s: FlowStats) {
    if (!s.daily.length) return html`<p class="empty">${t('resultsNoDays')}</p>`;
    const ticks = axisTicks(Math.max(0, ...s.daily.map((d) => d.shown)));
    const top = ticks.at(-1)!;
    const left = 34;
    const w = 380;
    const h = 120;
    const step = w / s.daily.length;
    const pad = 8; // room above the top tick's label
    const y = (v: number) => pad + h - (v / top) * h;
    const middle = s.daily[Math.floor((s.daily.length - 1) / 2)]!;
    const dayLabels =
      s.daily.length === 1
        ? [[0, s.daily[0]!.day, 'start']]
        : [
            [0, s.daily[0]!.day, 'start'],
            ...(s.daily.length > 2
              ? [[Math.floor((s.daily.length - 1) / 2) * step + step / 2, middle.day, 'middle']]
              : []),
            [w, s.daily.at(-1)!.day, 'end'],
          ];
    return html`<figure class="chart-figure">
      ${svg`<svg class="chart daily" viewBox="0 0 ${left + w + 4} ${pad + h + 34}" width="100%" role="img" aria-label=${clauses(s.daily.map((d) => `${colon(formatDay(d.day))} ${t('resultsShown')} ${formatNumber(d.shown)}, ${t('resultsCompleted')} ${formatNumber(d.completed)}`))}>
        ${ticks.map(
          (v) => svg`<line class="grid" x1=${left} x2=${left + w} y1=${y(v)} y2=${y(v)}></line>
            <text class="tick" x=${left - 4} y=${y(v) + 4} text-anchor="end">${formatNumber(v)}</text>`,
        )}
        <g transform="translate(${left} ${pad})">
          ${s.daily.map((d, i) => {
            const bh = (d.shown / top) * h;
            const ch = (d.completed / top) * h;
            return svg`<rect x=${i * step + step * 0.15} y=${h - bh} width=${step * 0.7} height=${bh} class="bar shown"><title>${colon(formatDay(d.day))} ${formatNumber(d.shown)}</title></rect>
              <rect x=${i * step + step * 0.3} y=${h - ch} width=${step * 0.4} height=${ch} class="bar completed"><title>${colon(formatDay(d.day))} ${formatNumber(d.completed)}</title></rect>`;
          })}
          <line class="axis" x1="0" x2=${w} y1=${h} y2=${h}></line>
          ${dayLabels.map(([x, day, anchor]) => svg`<text class="tick" x=${x} y=${h + 14} text-anchor=${anchor}>${formatDay(day as string)}</text>`)}
          <text class="axis-title" x=${w / 2} y=${h + 30} text-anchor="middle">${t('resultsDay')}</text>
        </g>
        <line class="axis" x1=${left} x2=${left} y1=${pad} y2=${pad + h}></line>
      </svg>`}
      <figcaption>
        <ul class="legend">
          <li><span class="swatch bar shown" aria-hidden="true"></span>${t('resultsShown')}</li>
          <li><span class="swatch bar completed" aria-hidden="true"></span>${t('resultsCompleted')}</li>
        </ul>
      </figcaption>
    </figure>`;
  }
}
