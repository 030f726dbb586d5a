/**
 * Pure edits of a flow draft for the flow editor: set a field by path, add a node of any kind,
 * rename a node (every branch pointing at it follows), delete one (and put it back), move a list
 * item. Every function returns a new flow and leaves its input untouched, so the editor can keep
 * the stored version and compare. Validation stays in validate-flow.ts: an edit may leave the
 * draft invalid (a branch to a deleted node), which the editor shows next to the field.
 */
import { NODE_KINDS, type Flow, type FlowNode, type NodeKind } from '../core/flows/flow-model.ts';
import { edgesOf } from './flow-layout.ts';
import { nodeLinks } from '../core/flows/node-links.ts';
import type { LocalizedText } from '../core/flows/localized-text.ts';

/** A field's location: keys and list indexes from the flow's root (`['nodes', 'ask', 'replies', 1, 'next']`). */
export type FieldPath = (string | number)[];

/** The validator's notation for a field path, under `root`: `flow.nodes.ask.replies[1].next`. */
export function pathString(path: FieldPath, root = 'flow'): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key),
    root,
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A deep copy (drafts are plain JSON). */
export function copyFlow<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Sets the field at `path` (creating objects on the way); `undefined` removes it, which is how an
 * optional field is cleared. Returns a new flow.
 */
export function setField(flow: Flow, path: FieldPath, value: unknown): Flow {
  if (path.length === 0) throw new Error('setField needs a path');
  const next = copyFlow(flow);
  let at: Record<string | number, unknown> = next;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(at[key]) && !Array.isArray(at[key])) at[key] = {};
    at = at[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(at) && typeof last === 'number') at.splice(last, 1);
    else delete at[last];
  } else at[last] = value;
  return next;
}

/** The value at `path`, or undefined. */
export function getField(flow: unknown, path: FieldPath): unknown {
  let at: unknown = flow;
  for (const key of path) {
    if (!isRecord(at) && !Array.isArray(at)) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** Moves item `index` of the list at `path` by `delta` (−1 up, +1 down); out of range does nothing. */
export function moveItem(flow: Flow, path: FieldPath, index: number, delta: number): Flow {
  const list = getField(flow, path);
  if (!Array.isArray(list) || index + delta < 0 || index + delta >= list.length) return flow;
  const items: unknown[] = list.slice();
  const [item] = items.splice(index, 1);
  items.splice(index + delta, 0, item);
  return setField(flow, path, items);
}

/** A node id not used yet, from the kind (`message-2`). */
export function freeNodeId(flow: Pick<Flow, 'nodes'>, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 60) || 'node';
  if (!Object.hasOwn(flow.nodes, clean)) return clean;
  for (let n = 2; ; n++) if (!Object.hasOwn(flow.nodes, `${clean}-${n}`)) return `${clean}-${n}`;
}

/** The placeholder texts a new node gets: its message, a reply, an option, a field, a button. */
export type NewNodeText = 'text' | 'reply' | 'option' | 'field' | 'button';

/**
 * A new node of `kind` with the fields it needs, texts given by `words` (in the language being
 * edited) and stored by `write`: the editor keeps a text written in another locale than the flow's
 * default under that locale (`{ fr: "Nouveau message" }`), not as the default's plain string.
 * Choice nodes get two replies, quiz nodes two options, forms one field.
 */
export function newNode(
  kind: NodeKind,
  words: (what: NewNodeText) => string,
  write: (text: string) => LocalizedText = (x) => x,
): FlowNode {
  const text = (what: NewNodeText, suffix = '') => write(words(what) + suffix);
  switch (kind) {
    case 'message':
      return { type: 'message', text: text('text') };
    case 'choice':
      return {
        type: 'choice',
        text: text('text'),
        replies: [
          { id: 'yes', label: text('reply', ' 1') },
          { id: 'no', label: text('reply', ' 2') },
        ],
      };
    case 'input':
      return { type: 'input', text: text('text'), input: 'text' };
    case 'quiz':
      return {
        type: 'quiz',
        text: text('text'),
        options: [
          { id: 'a', label: text('option', ' A'), points: 1, correct: true },
          { id: 'b', label: text('option', ' B'), points: 0, correct: false },
        ],
      };
    case 'result':
      return { type: 'result', ranges: [{ min: 0, text: text('text') }] };
    case 'rating':
      return { type: 'rating', text: text('text'), scale: 'stars' };
    case 'form':
      return {
        type: 'form',
        text: text('text'),
        fields: [{ id: 'email', label: text('field'), input: 'email', required: true }],
      };
    case 'condition':
      return { type: 'condition', branches: [{ when: [{ kind: 'score', min: 1 }], next: '' }], otherwise: '' };
    case 'action':
      return { type: 'action', action: { kind: 'open-link', url: '/', label: text('button') } };
    case 'end':
      return { type: 'end', text: text('text') };
  }
}

/** Adds `node` under a free id derived from `base`; returns the flow and the id. */
export function addNode(flow: Flow, base: string, node: FlowNode): { flow: Flow; id: string } {
  const id = freeNodeId(flow, base);
  const next = copyFlow(flow);
  next.nodes[id] = copyFlow(node);
  return { flow: next, id };
}

/**
 * Renames node `from` to `to`, keeping its place in the node order, and makes the start and every
 * branch that pointed at `from` point at `to`. Refuses (returns null) an empty, malformed or
 * taken id.
 */
export function renameNode(flow: Flow, from: string, to: string): Flow | null {
  if (from === to) return flow;
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(to) || Object.hasOwn(flow.nodes, to) || !Object.hasOwn(flow.nodes, from))
    return null;
  const next = copyFlow(flow);
  next.nodes = Object.fromEntries(Object.entries(next.nodes).map(([id, node]) => [id === from ? to : id, node]));
  if (next.start === from) next.start = to;
  for (const node of Object.values(next.nodes)) {
    // Every link, those the runner ignores too, so no field is left naming the old id.
    for (const { path: p } of nodeLinks(node)) {
      if (getField(node, p) !== from) continue;
      let at = node as unknown as Record<string | number, unknown>;
      for (const key of p.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
      at[p[p.length - 1]!] = to;
    }
  }
  return next;
}

/** What a deletion removed, to put it back. */
export interface DeletedNode {
  id: string;
  node: FlowNode;
  /** Its place in the node order. */
  index: number;
}

/** Deletes a node; branches that pointed at it are left as they are (the validator names them). */
export function deleteNode(flow: Flow, id: string): { flow: Flow; deleted: DeletedNode } | null {
  if (!Object.hasOwn(flow.nodes, id)) return null;
  const entries = Object.entries(flow.nodes);
  const index = entries.findIndex(([k]) => k === id);
  const next = copyFlow(flow);
  next.nodes = Object.fromEntries(entries.filter(([k]) => k !== id).map(([k, v]) => [k, copyFlow(v)]));
  return { flow: next, deleted: { id, node: copyFlow(flow.nodes[id]!), index } };
}

/** Puts a deleted node back at its place (refused, null, if its id was taken since). */
export function restoreNode(flow: Flow, deleted: DeletedNode): Flow | null {
  if (Object.hasOwn(flow.nodes, deleted.id)) return null;
  const entries = Object.entries(copyFlow(flow.nodes));
  entries.splice(Math.min(deleted.index, entries.length), 0, [deleted.id, copyFlow(deleted.node)]);
  return { ...copyFlow(flow), nodes: Object.fromEntries(entries) };
}

/** Nodes that lead to `id` (for "delete this node?": which branches will break). */
export function referencesTo(flow: Pick<Flow, 'nodes' | 'start'>, id: string): string[] {
  const from = Object.entries(flow.nodes).flatMap(([k, node]) =>
    edgesOf(k, node).some((e) => e.to === id) ? [k] : [],
  );
  return [...new Set(from)];
}

export { NODE_KINDS };
