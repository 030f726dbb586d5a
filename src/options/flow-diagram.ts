/**
 * The flow editor's diagram: the draft's graph as SVG, laid out by src/options/flow-layout.ts
 * (layers by distance from the start). The start node is marked, nodes that can never be reached
 * and nodes with errors are flagged, branches carry their reply label. Texts are shown in the
 * editor's locale tab (`locale`); a node with a text not yet written in it shows the fallback and is
 * marked with the language shown instead. Each node is a button: click it, or focus it and press
 * Enter or Space, to edit it (`tact-select-node`).
 */
import { LitElement, html, svg, nothing, type PropertyValues } from 'lit';
import { layoutFlow, type FlowLayout, type LaidEdge, type LaidNode } from './flow-layout.ts';
import { nodeText, type Flow } from '../core/flows/flow-model.ts';
import { nodesIn, translationGaps } from '../core/flows/flow-translations.ts';
import type { FlowLocale } from '../core/flows/localized-text.ts';
import { plural, t } from '../shared/i18n.ts';
import { localeName } from './form-fields.ts';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function kindLabel(kind: string): string {
  return kind === '?' ? '?' : t(`editorKind${kind[0]!.toUpperCase()}${kind.slice(1)}`);
}

export class TactFlowDiagram extends LitElement {
  static override properties = {
    flow: { attribute: false },
    selected: { attribute: false },
    faulty: { attribute: false },
    locale: { attribute: false },
  };
  declare flow: Flow | undefined;
  declare selected: string;
  /** Node ids with validation errors. */
  declare faulty: Set<string>;
  /** The editor's locale tab: the language the diagram's texts are shown in. */
  declare locale: FlowLocale;
  /** Per render: the nodes with a text missing in `locale` (they show the fallback). */
  private untranslated = new Set<string>();

  constructor() {
    super();
    this.selected = '';
    this.faulty = new Set();
    this.locale = 'en';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Keeps the selected node in view inside the diagram's scroll box (not scrolling the page). */
  protected override updated(changed: PropertyValues): void {
    if (!changed.has('selected') && !changed.has('flow')) return;
    const box = this.querySelector<HTMLElement>('.diagram-scroll');
    const node = this.selected
      ? this.querySelector<SVGGElement>(`g.node[data-node="${CSS.escape(this.selected)}"]`)
      : null;
    if (!box || !node) return;
    const b = box.getBoundingClientRect();
    const n = node.getBoundingClientRect();
    if (n.left < b.left || n.right > b.right) box.scrollLeft += n.left + n.width / 2 - (b.left + b.width / 2);
    if (n.top < b.top || n.bottom > b.bottom) box.scrollTop += n.top + n.height / 2 - (b.top + b.height / 2);
  }

  private pick(id: string): void {
    this.dispatchEvent(new CustomEvent('tact-select-node', { detail: { id }, bubbles: true, composed: true }));
  }

  private edgeLabel(e: LaidEdge): string {
    switch (e.role) {
      case 'reply':
      case 'intent':
        return clip(e.label ?? '', 26);
      case 'branch':
        return t('editorEdgeBranch', e.label ?? '');
      case 'otherwise':
        return t('editorEdgeOtherwise');
      case 'fallback':
        return t('editorEdgeFallback');
      case 'low':
        return t('editorEdgeLow');
      default:
        return '';
    }
  }

  private node(n: LaidNode, l: FlowLayout, shown: Flow['nodes']) {
    const flow = this.flow!;
    const text = clip(nodeText(shown[n.id]).replace(/\s+/g, ' '), 24);
    const fallback = flow.defaultLocale ?? 'en';
    const untranslated = this.untranslated.has(n.id);
    const flags = [
      n.start ? t('editorStartFlag') : '',
      n.reachable ? '' : t('editorUnreachableFlag'),
      this.faulty.has(n.id) ? t('editorHasErrors') : '',
      untranslated ? t('localeGaps_diagramMissing', localeName(this.locale), localeName(fallback)) : '',
    ].filter(Boolean);
    // The name starts with exactly what the box shows (speech input users say what they see).
    const label = [[clip(n.id, 16), kindLabel(n.kind), text].filter(Boolean).join(' '), ...flags].join(', ');
    const cls = [
      'node',
      n.start ? 'start' : '',
      n.reachable ? '' : 'unreachable',
      this.faulty.has(n.id) ? 'faulty' : '',
      n.id === this.selected ? 'selected' : '',
      untranslated ? 'untranslated' : '',
    ]
      .filter(Boolean)
      .join(' ');
    return svg`<g class=${cls} data-node=${n.id} role="button" tabindex="0" aria-label=${label} aria-pressed=${n.id === this.selected ? 'true' : 'false'}
        transform="translate(${n.x} ${n.y})"
        @click=${() => this.pick(n.id)}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            this.pick(n.id);
          }
        }}>
      <rect width=${l.nodeWidth} height=${l.nodeHeight} rx="8"></rect>
      <text class="node-id" x="10" y="20">${n.start ? svg`<tspan aria-hidden="true">▶ </tspan>` : nothing}${clip(n.id, 16)} <tspan class="node-kind" dx="4">${kindLabel(n.kind)}</tspan></text>
      <text class="node-text" x="10" y="40">${text}</text>
      ${n.reachable ? nothing : svg`<text class="node-flag" x=${l.nodeWidth - 8} y="20" text-anchor="end" aria-hidden="true">⚠</text>`}
      ${untranslated ? svg`<text class="node-fallback" x=${l.nodeWidth - 8} y=${l.nodeHeight - 8} text-anchor="end" aria-hidden="true">${fallback.toUpperCase()}</text>` : nothing}
    </g>`;
  }

  override render() {
    const flow = this.flow;
    if (!flow) return nothing;
    let l: FlowLayout;
    let shown: Flow['nodes'];
    try {
      // The texts of the locale tab, reply labels on the edges included; the fallback where missing.
      shown = nodesIn(flow, this.locale);
      l = layoutFlow({ start: flow.start, nodes: shown });
      this.untranslated = new Set(
        translationGaps(flow)[this.locale].flatMap((p) => (p[0] === 'nodes' ? [String(p[1])] : [])),
      );
    } catch {
      return html`<p class="muted">${t('editorDiagramUnavailable')}</p>`;
    }
    const unreachable = l.nodes.filter((n) => !n.reachable).length;
    return html`<div class="diagram-scroll">
        <svg
          class="flow-diagram"
          role="group"
          aria-label=${plural('editorDiagramLabel', l.nodes.length)}
          width=${l.width}
          height=${l.height}
          viewBox="0 0 ${l.width} ${l.height}"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0 0 L10 5 L0 10 z"></path>
            </marker>
          </defs>
          <g aria-hidden="true">
            ${l.edges.map((e) => svg`<path class="edge ${e.role}" d=${e.d} marker-end="url(#arrow)" data-from=${e.from} data-to=${e.to}></path>`)}
            ${l.edges.map((e) => {
              const label = this.edgeLabel(e);
              return label
                ? svg`<text class="edge-label" x=${e.labelX} y=${e.labelY} text-anchor="middle">${label}</text>`
                : nothing;
            })}
          </g>
          ${l.nodes.map((n) => this.node(n, l, shown))}
        </svg>
      </div>
      ${unreachable ? html`<p class="field-error">${plural('editorUnreachableCount', unreachable)}</p>` : nothing}`;
  }
}
