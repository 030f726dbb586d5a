/**
 * The one walk over where a node leads: every field of a node that names another node, with its
 * place in the node, its role and its label. Validation and the stats follow the links the runner
 * follows (`nextIdsOf`), the editor renames along every link (`linkPaths`), the diagram draws them
 * (`edgesOf` in options/flow-layout.ts). It reads drafts too: a malformed part has no link.
 */
import { isRecord } from '../validation/checks.ts';
import { resolveText, type LocalizedText } from './localized-text.ts';
import type { NodeKind } from './flow-model.ts';

/** Why a link exists: the UI words it (a reply's label is the flow's own text). */
export type LinkRole = 'next' | 'reply' | 'intent' | 'fallback' | 'low' | 'branch' | 'otherwise';

/** One field of a node that names another node. */
export interface NodeLink {
  /** Where in the node: `['replies', 1, 'next']`. */
  path: (string | number)[];
  to: string;
  role: LinkRole;
  /** The reply's label (in the flow's default language), the intent's name, or the branch number from 1. */
  label?: string;
  /** The runner never follows it: an input's `next` beside intent branches, which take its place. */
  ignored?: true;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Adds a link when `to` names a node. */
type AddLink = (path: NodeLink['path'], to: unknown, role: LinkRole, label?: string, ignored?: boolean) => void;

/** A `next`, and a rating's `lowNext` (read on every kind that has no links of its own, as drafts may carry them). */
const nextAndLow = (node: Record<string, unknown>, add: AddLink) => {
  add(['next'], node.next, 'next');
  add(['lowNext'], node.lowNext, 'low');
};

/**
 * Where each node kind leads, once: a kind of the flow model (`NodeKind`) without an entry here
 * does not compile. Reads drafts: any field may be missing or malformed.
 */
const LINKS: { [K in NodeKind]: (node: Record<string, unknown>, add: AddLink) => void } = {
  message: nextAndLow,
  choice: (node, add) =>
    list(node.replies).forEach(
      (r, i) =>
        isRecord(r) &&
        add(
          ['replies', i, 'next'],
          r.next,
          'reply',
          r.label === undefined ? undefined : resolveText(r.label as LocalizedText),
        ),
    ),
  input: (node, add) => {
    const match = isRecord(node.match) ? node.match : undefined;
    if (match) {
      if (isRecord(match.next))
        for (const [intent, to] of Object.entries(match.next)) add(['match', 'next', intent], to, 'intent', intent);
      add(['match', 'fallback'], match.fallback, 'fallback');
    }
    add(['next'], node.next, 'next', undefined, match !== undefined);
  },
  quiz: nextAndLow,
  result: nextAndLow,
  rating: nextAndLow,
  form: nextAndLow,
  condition: (node, add) => {
    list(node.branches).forEach((b, k) => isRecord(b) && add(['branches', k, 'next'], b.next, 'branch', String(k + 1)));
    add(['otherwise'], node.otherwise, 'otherwise');
  },
  action: nextAndLow,
  end: () => {},
};

/** Every link of `node` (a stored node or a draft), in the order the node lists them. */
export function nodeLinks(node: unknown): NodeLink[] {
  if (!isRecord(node)) return [];
  const out: NodeLink[] = [];
  const add: AddLink = (path, to, role, label, ignored) => {
    if (typeof to === 'string' && to.length > 0)
      out.push({ path, to, role, ...(label !== undefined ? { label } : {}), ...(ignored ? { ignored: true } : {}) });
  };
  // A kind Tact does not know (a draft being typed) is read as one with a `next`.
  const links =
    typeof node.type === 'string' && Object.hasOwn(LINKS, node.type) ? LINKS[node.type as NodeKind] : nextAndLow;
  links(node, add);
  return out;
}

/** The nodes the runner may go to from `node`, in order (validation's graph, the funnel). */
export function nextIdsOf(node: unknown): string[] {
  return nodeLinks(node).flatMap((l) => (l.ignored ? [] : [l.to]));
}
