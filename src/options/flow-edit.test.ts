import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addNode,
  deleteNode,
  freeNodeId,
  getField,
  moveItem,
  newNode,
  NODE_KINDS,
  pathString,
  referencesTo,
  renameNode,
  restoreNode,
  setField,
} from './flow-edit.ts';
import { validateFlow } from '../core/flows/flow-validation.ts';
import { DEFAULT_FLOWS } from '../core/flows/default-pack.ts';
import type { Flow } from '../core/flows/flow-model.ts';

const base = (): Flow =>
  JSON.parse(JSON.stringify(DEFAULT_FLOWS.find((f) => f.id === 'greeter') ?? DEFAULT_FLOWS[0])) as Flow;

test('paths read like the validator’s', () => {
  assert.equal(pathString(['nodes', 'ask', 'replies', 1, 'next']), 'flow.nodes.ask.replies[1].next');
  assert.equal(pathString(['persona', 'name']), 'flow.persona.name');
});

test('setField edits a copy; undefined removes an optional field or a list item', () => {
  const f = base();
  const start = f.start;
  const g = setField(f, ['nodes', start, 'text'], 'Hello');
  assert.equal(getField(g, ['nodes', start, 'text']), 'Hello');
  assert.notEqual(getField(f, ['nodes', start, 'text']), 'Hello');
  const h = setField(g, ['persona', 'tone'], undefined);
  assert.equal('tone' in h.persona, false);
  const replies = getField(g, ['nodes', start, 'replies']) as unknown[];
  const fewer = setField(g, ['nodes', start, 'replies', 0], undefined);
  assert.equal((getField(fewer, ['nodes', start, 'replies']) as unknown[]).length, replies.length - 1);
  const moved = moveItem(g, ['nodes', start, 'replies'], 0, 1);
  assert.deepEqual(
    (getField(moved, ['nodes', start, 'replies', 1]) as { id: string }).id,
    (replies[0] as { id: string }).id,
  );
  assert.equal(moveItem(g, ['nodes', start, 'replies'], 0, -1), g);
});

test('rename keeps the order and repoints the start and every branch', () => {
  const f = base();
  const target = Object.keys(f.nodes).find((id) => referencesTo(f, id).length > 0 && id !== f.start)!;
  const before = referencesTo(f, target);
  const r = renameNode(f, target, 'renamed')!;
  assert.ok(validateFlow(r).ok, JSON.stringify(validateFlow(r)));
  assert.deepEqual(
    Object.keys(r.nodes),
    Object.keys(f.nodes).map((k) => (k === target ? 'renamed' : k)),
  );
  assert.deepEqual(referencesTo(r, 'renamed'), before);
  const s = renameNode(f, f.start, 'first')!;
  assert.equal(s.start, 'first');
  assert.equal(renameNode(f, target, f.start), null, 'a taken id is refused');
  assert.equal(renameNode(f, target, 'bad id'), null);
});

test('delete, then restore gives back the same flow; the broken branches are the validator’s to name', () => {
  const f = base();
  const target = Object.keys(f.nodes).find((id) => id !== f.start)!;
  const d = deleteNode(f, target)!;
  const v = validateFlow(d.flow);
  assert.ok(!v.ok && v.errors.some((e) => e.message.includes(`"${target}", which does not exist`)));
  assert.deepEqual(restoreNode(d.flow, d.deleted), f);
  assert.equal(deleteNode(f, 'nope'), null);
});

test("a new node's texts are stored as the editor writes them (under the locale being edited)", () => {
  const inFrench = (text: string) => ({ fr: text });
  assert.deepEqual(
    newNode('choice', (w) => (w === 'text' ? 'Nouveau message' : 'Réponse'), inFrench),
    {
      type: 'choice',
      text: { fr: 'Nouveau message' },
      replies: [
        { id: 'yes', label: { fr: 'Réponse 1' } },
        { id: 'no', label: { fr: 'Réponse 2' } },
      ],
    },
  );
  const form = newNode('form', (w) => (w === 'field' ? 'Votre e-mail\u202f?' : 'Nouveau message'), inFrench);
  assert.deepEqual(form.type === 'form' && form.fields[0]!.label, { fr: 'Votre e-mail\u202f?' });
  assert.deepEqual(
    newNode('end', () => 'Bye'),
    { type: 'end', text: 'Bye' },
    'by default a plain string',
  );
});

test('a new node of every kind is well formed; once linked the flow is valid', () => {
  for (const kind of NODE_KINDS) {
    const f = base();
    const node = newNode(kind, (w) => `New ${w}`);
    const { flow: g, id } = addNode(f, kind, node);
    assert.equal(g.nodes[id]!.type, kind);
    // Link it before the start, and send its own branches to an end.
    const end = Object.keys(g.nodes).find((k) => g.nodes[k]!.type === 'end')!;
    let linked = setField(g, ['start'], id);
    const n = linked.nodes[id]! as unknown as Record<string, unknown>;
    if (kind === 'condition')
      linked = setField(
        setField(linked, ['nodes', id, 'otherwise'], f.start),
        ['nodes', id, 'branches', 0, 'next'],
        end,
      );
    else if (kind === 'choice') linked = setField(linked, ['nodes', id, 'replies', 0, 'next'], f.start);
    else if (kind !== 'end' && !('next' in n)) linked = setField(linked, ['nodes', id, 'next'], f.start);
    if (kind === 'end') continue; // an end cannot lead to the rest of the flow
    const v = validateFlow(linked);
    assert.ok(v.ok, `${kind}: ${JSON.stringify(!v.ok && v.errors)}`);
  }
  assert.equal(freeNodeId({ nodes: { message: {} as never, 'message-2': {} as never } }, 'message'), 'message-3');
});
