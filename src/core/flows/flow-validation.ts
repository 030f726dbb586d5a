/**
 * Validation of flows: every node kind field by field, then the graph: every target exists, every
 * node is reachable from the start, and from every node the conversation can still end (no loop
 * without a way out). Errors name the node and field: `flow.nodes.ask.replies[1].next`.
 */
import { Checker, type Validated } from '../validation/checks.ts';
import { canEndAt, NODE_KINDS, nextIdsOf, type Flow, type FlowNode, MODEL_VERSION } from './flow-model.ts';
import { INTENTS } from '../signals/signal-model.ts';
import { validateCondition } from '../rules/rule-validation.ts';
import { isExternalLink, isSameSitePath } from './link-target.ts';

const MAX_NODES = 200;
const INPUT_KINDS = ['text', 'email', 'number'] as const;
const LANGS = ['en', 'fr', 'ru'] as const;

/** Checks a flow's shape and graph. */
export function validateFlow(input: unknown, path = 'flow'): Validated<Flow> {
  const c = new Checker(path);
  if (!c.object(input)) return { ok: false, errors: c.errors };
  const f = input;
  c.id(f.id, 'id');
  c.oneOf(f.version, 'version', [MODEL_VERSION]);
  c.string(f.name, 'name', { max: 120 });
  if (c.object(f.persona, 'persona')) checkPersona(f.persona, c.child('persona'));
  c.id(f.start, 'start');
  if (!c.object(f.nodes, 'nodes')) return { ok: false, errors: c.errors };
  const nodes = f.nodes;
  const ids = Object.keys(nodes);
  if (ids.length === 0) c.fail('must have at least one node', 'nodes');
  if (ids.length > MAX_NODES) c.fail(`must have at most ${MAX_NODES} nodes (got ${ids.length})`, 'nodes');
  const nc = c.child('nodes');
  const target = (n: Checker, v: unknown, key: string | number) => {
    if (n.id(v, key) && !Object.hasOwn(nodes, v)) n.fail(`points to node "${v}", which does not exist`, key);
  };
  const wellFormed = new Set<string>();
  for (const id of ids) {
    const n = nc.child(id);
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) n.fail('node id may contain only letters, digits, "-" and "_"');
    const before = c.errors.length;
    checkNode(nodes[id], n, target);
    if (c.errors.length === before) wellFormed.add(id);
  }
  // The graph checks only make sense once every node is well formed.
  if (c.ok && typeof f.start === 'string') {
    if (!Object.hasOwn(nodes, f.start)) c.fail(`points to node "${f.start}", which does not exist`, 'start');
    else checkGraph(f as unknown as Flow, nc);
  }
  return c.ok ? { ok: true, value: input as unknown as Flow } : { ok: false, errors: c.errors };
}

function checkPersona(p: Record<string, unknown>, c: Checker): void {
  c.string(p.name, 'name', { max: 60 });
  c.string(p.avatar, 'avatar', { max: 4 });
  if (p.tone !== undefined) c.string(p.tone, 'tone', { max: 200 });
  if (p.typingCps !== undefined) c.number(p.typingCps, 'typingCps', { min: 0, max: 1000 });
  if (p.emoji !== undefined) c.oneOf(p.emoji, 'emoji', ['none', 'sparing', 'friendly']);
  if (p.locales !== undefined && c.object(p.locales, 'locales')) {
    for (const [lang, v] of Object.entries(p.locales)) {
      const lc = c.child('locales');
      if (!(LANGS as readonly string[]).includes(lang)) lc.fail('must be en, fr or ru', lang);
      else if (lc.object(v, lang) && v.name !== undefined) lc.child(lang).string(v.name, 'name', { max: 60 });
    }
  }
}

function effects(n: Checker, v: Record<string, unknown>): void {
  if (v.tags !== undefined && n.array(v.tags, 'tags', { max: 10 })) v.tags.forEach((t, j) => n.child('tags').id(t, j));
  if (v.tagDays !== undefined) n.number(v.tagDays, 'tagDays', { min: 1, max: 3650, integer: true });
  if (v.set !== undefined && n.object(v.set, 'set'))
    for (const [k, val] of Object.entries(v.set)) {
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(k))
        n.child('set').fail('variable names may contain only letters, digits, "-" and "_"', k);
      else n.child('set').string(val, k, { min: 0, max: 200 });
    }
}

type Target = (n: Checker, v: unknown, key: string | number) => void;

function optionalTarget(n: Checker, v: Record<string, unknown>, key: string, target: Target): void {
  if (v[key] !== undefined) target(n, v[key], key);
}

function checkNode(node: unknown, n: Checker, target: Target): void {
  if (!n.object(node)) return;
  if (!n.oneOf(node.type, 'type', NODE_KINDS)) return;
  const text = () => n.string(node.text, 'text', { max: 1000 });
  switch (node.type) {
    case 'message':
      text();
      if (node.image !== undefined && n.object(node.image, 'image')) {
        const ic = n.child('image');
        // Tact makes no network requests: images are embedded (data:image/…) or shipped with the extension.
        if (
          ic.string(node.image.src, 'src', { max: 200_000 }) &&
          !/^(data:image\/(png|jpeg|gif|webp);base64,|[a-z0-9_/-]+\.(png|jpe?g|webp|gif)$)/i.test(node.image.src)
        )
          ic.fail(
            'must be a data:image/png|jpeg|gif|webp;base64 URL or an image file shipped with Tact (no web addresses: Tact makes no network requests)',
            'src',
          );
        ic.string(node.image.alt, 'alt', { min: 0, max: 300 });
      }
      optionalTarget(n, node, 'next', target);
      break;
    case 'choice':
      text();
      if (n.array(node.replies, 'replies', { min: 2, max: 4 })) {
        const seen = new Set<string>();
        node.replies.forEach((reply, i) => {
          const r = n.child('replies').child(i);
          if (!r.object(reply)) return;
          if (r.id(reply.id, 'id')) {
            if (seen.has(reply.id)) r.fail(`duplicate reply id "${reply.id}"`, 'id');
            seen.add(reply.id);
          }
          r.string(reply.label, 'label', { max: 80 });
          optionalTarget(r, reply, 'next', target);
          effects(r, reply);
        });
      }
      break;
    case 'input':
      text();
      if (node.input !== undefined) n.oneOf(node.input, 'input', INPUT_KINDS);
      if (node.placeholder !== undefined) n.string(node.placeholder, 'placeholder', { min: 0, max: 120 });
      if (node.min !== undefined) n.number(node.min, 'min');
      if (node.max !== undefined) n.number(node.max, 'max');
      if (node.attribute !== undefined) n.id(node.attribute, 'attribute');
      optionalTarget(n, node, 'next', target);
      effects(n, node);
      if (node.match !== undefined && n.object(node.match, 'match')) {
        const m = n.child('match');
        const intents = node.match.intents;
        if (m.object(intents, 'intents')) {
          const names = Object.keys(intents);
          if (names.length < 1) m.fail('needs at least one intent', 'intents');
          for (const name of names) {
            const ic = m.child('intents').child(name);
            const examples = intents[name];
            if (!ic.object(examples)) continue;
            let count = 0;
            for (const [lang, list] of Object.entries(examples)) {
              if (!(LANGS as readonly string[]).includes(lang)) ic.fail('must be en, fr or ru', lang);
              else if (ic.array(list, lang, { min: 1, max: 50 }))
                list.forEach((e, j) => {
                  ic.child(lang).string(e, j, { max: 200 });
                  count++;
                });
            }
            if (count === 0) ic.fail('needs example phrases in at least one language');
          }
          if (m.object(node.match.next, 'next')) {
            for (const [name, to] of Object.entries(node.match.next)) {
              if (!Object.hasOwn(intents, name)) m.child('next').fail(`is not one of this node's intents`, name);
              else target(m.child('next'), to, name);
            }
          }
        }
        target(m, node.match.fallback, 'fallback');
        if (node.next !== undefined) n.fail('cannot be used together with match (answers branch by intent)', 'next');
      }
      break;
    case 'quiz':
      text();
      if (n.array(node.options, 'options', { min: 2, max: 6 })) {
        const seen = new Set<string>();
        node.options.forEach((o, i) => {
          const oc = n.child('options').child(i);
          if (!oc.object(o)) return;
          if (oc.id(o.id, 'id')) {
            if (seen.has(o.id)) oc.fail(`duplicate option id "${o.id}"`, 'id');
            seen.add(o.id);
          }
          oc.string(o.label, 'label', { max: 120 });
          oc.number(o.points, 'points', { min: -1000, max: 1000 });
          if (o.correct !== undefined) oc.boolean(o.correct, 'correct');
        });
      }
      if (node.feedback !== undefined && n.object(node.feedback, 'feedback')) {
        for (const k of ['correct', 'wrong'] as const)
          if (node.feedback[k] !== undefined) n.child('feedback').string(node.feedback[k], k, { max: 500 });
      }
      optionalTarget(n, node, 'next', target);
      break;
    case 'result':
      if (n.array(node.ranges, 'ranges', { min: 1, max: 10 })) {
        node.ranges.forEach((r, i) => {
          const rc = n.child('ranges').child(i);
          if (!rc.object(r)) return;
          rc.number(r.min, 'min', { min: -100000, max: 100000 });
          rc.string(r.text, 'text', { max: 1000 });
        });
      }
      optionalTarget(n, node, 'next', target);
      break;
    case 'rating':
      text();
      n.oneOf(node.scale, 'scale', ['stars', 'nps']);
      if (node.lowAtMost !== undefined) n.number(node.lowAtMost, 'lowAtMost', { min: 0, max: 10, integer: true });
      optionalTarget(n, node, 'lowNext', target);
      if (node.attribute !== undefined) n.id(node.attribute, 'attribute');
      optionalTarget(n, node, 'next', target);
      break;
    case 'form':
      text();
      if (n.array(node.fields, 'fields', { min: 1, max: 10 })) {
        const seen = new Set<string>();
        node.fields.forEach((field, i) => {
          const fc = n.child('fields').child(i);
          if (!fc.object(field)) return;
          if (fc.id(field.id, 'id')) {
            if (seen.has(field.id)) fc.fail(`duplicate field id "${field.id}"`, 'id');
            seen.add(field.id);
          }
          fc.string(field.label, 'label', { max: 200 });
          fc.oneOf(field.input, 'input', INPUT_KINDS);
          fc.boolean(field.required, 'required');
          if (field.placeholder !== undefined) fc.string(field.placeholder, 'placeholder', { min: 0, max: 120 });
          if (field.attribute !== undefined) fc.id(field.attribute, 'attribute');
        });
      }
      optionalTarget(n, node, 'next', target);
      break;
    case 'condition':
      if (n.array(node.branches, 'branches', { min: 1, max: 10 })) {
        node.branches.forEach((b, i) => {
          const bc = n.child('branches').child(i);
          if (!bc.object(b)) return;
          if (bc.array(b.when, 'when', { min: 1, max: 10 }))
            b.when.forEach((w, j) => checkFlowCondition(w, bc.child('when').child(j)));
          target(bc, b.next, 'next');
        });
      }
      target(n, node.otherwise, 'otherwise');
      break;
    case 'action':
      if (node.text !== undefined) text();
      if (n.object(node.action, 'action')) {
        const a = node.action;
        const ac = n.child('action');
        if (ac.oneOf(a.kind, 'kind', ['tag', 'open-link', 'copy-code', 'handoff', 'close'])) {
          if (a.kind === 'tag') {
            if (ac.array(a.tags, 'tags', { min: 1, max: 10 })) a.tags.forEach((t, j) => ac.child('tags').id(t, j));
            if (a.days !== undefined) ac.number(a.days, 'days', { min: 1, max: 3650, integer: true });
          }
          if (a.kind === 'open-link' || a.kind === 'handoff') {
            if (ac.string(a.url, 'url', { max: 2000 })) {
              const url = a.url;
              if (url.startsWith('/') && !isSameSitePath(url))
                ac.fail('must be a path on this site: "//…" or "/\\…" would open another site', 'url');
              else if (!url.startsWith('/') && !isExternalLink(url))
                ac.fail('must be an http(s) or mailto: URL, or a path starting with /', 'url');
            }
            ac.string(a.label, 'label', { max: 80 });
          }
          if (a.kind === 'copy-code') {
            ac.string(a.code, 'code', { max: 100 });
            ac.string(a.label, 'label', { max: 80 });
          }
        }
      }
      optionalTarget(n, node, 'next', target);
      break;
    case 'end':
      text();
      break;
  }
}

function checkFlowCondition(w: unknown, c: Checker): void {
  if (!c.object(w)) return;
  if (w.kind === 'variable') {
    c.id(w.name, 'name');
    if (c.oneOf(w.op, 'op', ['equals', 'contains', 'present', 'absent']) && (w.op === 'equals' || w.op === 'contains'))
      c.string(w.value, 'value', { min: 0, max: 200 });
  } else if (w.kind === 'score') {
    if (w.min === undefined && w.max === undefined) c.fail('needs min or max');
    if (w.min !== undefined) c.number(w.min, 'min');
    if (w.max !== undefined) c.number(w.max, 'max');
  } else if (w.kind === 'intent') {
    c.oneOf(w.intent, 'intent', INTENTS);
    c.number(w.atLeast, 'atLeast', { min: 0, max: 1 });
  } else validateCondition(w, c);
}

/** Reachability from the start, and a way out from every node (no closed loops). */
function checkGraph(flow: Flow, nc: Checker): void {
  const ids = Object.keys(flow.nodes);
  const edges = new Map(ids.map((id) => [id, nextIdsOf(flow.nodes[id] as FlowNode)]));
  const reachable = new Set([flow.start]);
  const todo = [flow.start];
  while (todo.length)
    for (const n of edges.get(todo.pop()!) ?? [])
      if (!reachable.has(n)) {
        reachable.add(n);
        todo.push(n);
      }
  for (const id of ids) if (!reachable.has(id)) nc.fail(`node "${id}" can never be reached from "${flow.start}"`, id);
  // Nodes from which an ending can be reached, by walking edges backwards from every ending.
  const canFinish = new Set(ids.filter((id) => canEndAt(flow.nodes[id] as FlowNode)));
  const incoming = new Map<string, string[]>();
  for (const [from, tos] of edges) for (const to of tos) incoming.set(to, [...(incoming.get(to) ?? []), from]);
  const back = [...canFinish];
  while (back.length)
    for (const p of incoming.get(back.pop()!) ?? [])
      if (!canFinish.has(p)) {
        canFinish.add(p);
        back.push(p);
      }
  for (const id of ids) {
    if (reachable.has(id) && !canFinish.has(id))
      nc.fail(`is in a loop with no way out: the conversation could never end from here`, id);
  }
}
