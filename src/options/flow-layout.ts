/**
 * Lays out a flow's graph for the editor's diagram: nodes in layers by their distance from the
 * start (breadth first, following each node's branches in order), each layer ordered by the
 * average position of the nodes leading to it (fewer crossings), nodes that can never be reached
 * in a last layer of their own. Deterministic: the same flow always gives the same picture.
 * Tolerates malformed drafts (a node that is not an object, replies that are not a list…): what
 * cannot be read has no edges.
 */
import type { Flow } from '../core/flows/flow-model.ts';
import { nodeLinks, type LinkRole } from '../core/flows/node-links.ts';

export interface FlowEdge {
  from: string;
  to: string;
  role: LinkRole;
  /** The reply label or intent name (reply, intent), or the branch number from 1 (branch). */
  label?: string;
}

export interface LaidNode {
  id: string;
  /** The node's kind, or '?' when the draft's node is malformed. */
  kind: string;
  x: number;
  y: number;
  layer: number;
  start: boolean;
  reachable: boolean;
}

export interface LaidEdge extends FlowEdge {
  /** SVG path data from the source box to the target box. */
  d: string;
  /** Where to put the label. */
  labelX: number;
  labelY: number;
}

export interface FlowLayout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** Edges pointing at nodes that do not exist (drawn nowhere; the validator names them). */
  dangling: FlowEdge[];
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
}

export interface LayoutOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  gapX?: number;
  gapY?: number;
  margin?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The outgoing edges of one node, in the order the node lists them (those the runner follows). */
export function edgesOf(id: string, node: unknown): FlowEdge[] {
  return nodeLinks(node).flatMap((l) =>
    l.ignored ? [] : [{ from: id, to: l.to, role: l.role, ...(l.label !== undefined ? { label: l.label } : {}) }],
  );
}

/** Computes the diagram's geometry (see the file comment). */
export function layoutFlow(flow: Pick<Flow, 'start' | 'nodes'>, options: LayoutOptions = {}): FlowLayout {
  const { nodeWidth = 168, nodeHeight = 58, gapX = 28, gapY = 70, margin = 16 } = options;
  const nodes = isRecord(flow.nodes) ? flow.nodes : {};
  const ids = Object.keys(nodes);
  const exists = (id: string) => Object.hasOwn(nodes, id);
  const all = ids.flatMap((id) => edgesOf(id, nodes[id]));
  const edges = all.filter((e) => exists(e.to));
  const dangling = all.filter((e) => !exists(e.to));
  const outgoing = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) outgoing.get(e.from)!.push(e.to);

  // Breadth first from the start: the layer is the distance, the order of discovery breaks ties.
  const layerOf = new Map<string, number>();
  const discovery: string[] = [];
  if (str(flow.start) && exists(flow.start)) {
    layerOf.set(flow.start, 0);
    discovery.push(flow.start);
    for (let k = 0; k < discovery.length; k++) {
      const id = discovery[k]!;
      for (const to of outgoing.get(id)!) {
        if (!layerOf.has(to)) {
          layerOf.set(to, layerOf.get(id)! + 1);
          discovery.push(to);
        }
      }
    }
  }
  const reachable = new Set(discovery);
  const lastLayer = discovery.length ? Math.max(...layerOf.values()) : -1;
  for (const id of ids) if (!reachable.has(id)) layerOf.set(id, lastLayer + 1);
  const order = [...discovery, ...ids.filter((id) => !reachable.has(id))];

  const layers: string[][] = [];
  for (const id of order) (layers[layerOf.get(id)!] ??= []).push(id);
  // Each layer ordered by the mean position of its parents in the layer above.
  const parentsOf = new Map<string, string[]>();
  for (const e of edges) parentsOf.set(e.to, [...(parentsOf.get(e.to) ?? []), e.from]);
  const slot = new Map<string, number>();
  layers.forEach((layer, k) => {
    if (k > 0) {
      const score = (id: string) => {
        const parents = (parentsOf.get(id) ?? []).filter((p) => layerOf.get(p) === k - 1).map((p) => slot.get(p)!);
        return parents.length ? parents.reduce((a, b) => a + b, 0) / parents.length : Number.POSITIVE_INFINITY;
      };
      const scored = layer.map((id, i) => ({ id, i, s: score(id) }));
      scored.sort((a, b) => a.s - b.s || a.i - b.i);
      layers[k] = scored.map((x) => x.id);
    }
    layers[k]!.forEach((id, i) => slot.set(id, i));
  });

  const widest = Math.max(1, ...layers.map((l) => l.length));
  const width = margin * 2 + widest * nodeWidth + (widest - 1) * gapX;
  const height = margin * 2 + layers.length * nodeHeight + Math.max(0, layers.length - 1) * gapY;
  const laid = new Map<string, LaidNode>();
  layers.forEach((layer, k) => {
    const rowWidth = layer.length * nodeWidth + (layer.length - 1) * gapX;
    layer.forEach((id, i) => {
      const node = nodes[id];
      laid.set(id, {
        id,
        kind: isRecord(node) && typeof node.type === 'string' ? node.type : '?',
        x: Math.round((width - rowWidth) / 2 + i * (nodeWidth + gapX)),
        y: margin + k * (nodeHeight + gapY),
        layer: k,
        start: id === flow.start,
        reachable: reachable.has(id),
      });
    });
  });

  // Several branches between the same two nodes (three replies leading to one node) are drawn as
  // one edge carrying every label, "A day / A weekend"; different roles stay apart.
  const merged = new Map<string, FlowEdge>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}\u0000${e.role}`;
    const prev = merged.get(key);
    if (!prev) merged.set(key, { ...e });
    else if (e.label !== undefined) prev.label = prev.label === undefined ? e.label : `${prev.label} / ${e.label}`;
  }
  const seen = new Map<string, number>();
  const laidEdges = [...merged.values()].map((e): LaidEdge => {
    const a = laid.get(e.from)!;
    const b = laid.get(e.to)!;
    const key = `${e.from}→${e.to}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    const spread = nth * 14;
    if (b.layer > a.layer) {
      const x1 = a.x + nodeWidth / 2 + spread;
      const y1 = a.y + nodeHeight;
      const x2 = b.x + nodeWidth / 2 + spread / 2;
      const y2 = b.y;
      const bend = (y2 - y1) / 2;
      // The label sits on the curve near its target, where branches fanning out are apart.
      const at = 0.72;
      const w = 3 * (1 - at) * at * at + at ** 3;
      const labelX = Math.round(x1 * (1 - w) + x2 * w);
      const labelY = Math.round(
        y1 + (y2 - y1) * (3 * (1 - at) ** 2 * at * 0.5 + 3 * (1 - at) * at * at * 0.5 + at ** 3) + 4,
      );
      return { ...e, d: `M${x1} ${y1} C${x1} ${y1 + bend} ${x2} ${y2 - bend} ${x2} ${y2}`, labelX, labelY };
    }
    // Back (or same-layer) edge: out of the right side, round, into the target's right side.
    const x1 = a.x + nodeWidth;
    const y1 = a.y + nodeHeight / 2 + spread / 2;
    const x2 = b.x + nodeWidth;
    const y2 = b.y + nodeHeight / 2;
    const out = Math.max(x1, x2) + 40 + spread;
    return { ...e, d: `M${x1} ${y1} C${out} ${y1} ${out} ${y2} ${x2} ${y2}`, labelX: out - 10, labelY: (y1 + y2) / 2 };
  });
  const extra = laidEdges.some((e) => laid.get(e.to)!.layer <= laid.get(e.from)!.layer) ? 70 : 0;
  return {
    nodes: order.map((id) => laid.get(id)!),
    edges: laidEdges,
    dangling,
    width: width + extra,
    height,
    nodeWidth,
    nodeHeight,
  };
}
