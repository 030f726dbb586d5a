/**
 * Validation of flows: the schema (every node kind field by field, and every node a field points to
 * exists), then the graph on the typed flow: the start exists, every node is reachable from it,
 * from every node the conversation can still end (no loop without a way out), and no loop is made
 * only of nodes that pass through without waiting for the visitor. Errors name the node and field:
 * `flow.nodes.ask.replies[1].next`. Keys the model does not know are left out of the value.
 */
import * as v from 'valibot';
import { Checker, isRecord, type Validated } from '../validation/checks.ts';
import { checkSchema, idSchema, problemCheck } from '../validation/schema-check.ts';
import { reason } from '../rules/reason.ts';

/** A field that names a step this flow does not have. */
const noSuchStep = (id: string) => ({
  message: `points to node "${id}", which does not exist`,
  reason: reason('v-no-such-step', { step: id }),
});
import { flowSchema, type Flow, type FlowNode } from './flow-model.ts';
import { canEndAt, passesThrough } from './flow-runner.ts';
import { nextIdsOf } from './node-links.ts';

/** Checks a flow's shape and graph. */
export function validateFlow(input: unknown, path = 'flow'): Validated<Flow> {
  const nodes = isRecord(input) && isRecord(input.nodes) ? input.nodes : {};
  // A node id a field points to must be one of this flow's nodes (own keys only: "constructor" is not a node).
  const target = v.pipe(
    idSchema,
    problemCheck((id: string) => (Object.hasOwn(nodes, id) ? undefined : noSuchStep(id))),
  );
  const checked = checkSchema(flowSchema(target), input, path);
  if (!checked.ok) return checked;
  const flow = checked.value;
  const c = new Checker(path);
  if (!Object.hasOwn(flow.nodes, flow.start)) {
    const { message, reason: why } = noSuchStep(flow.start);
    c.fail(message, 'start', why);
  } else checkGraph(flow, c.child('nodes'));
  return c.ok ? checked : { ok: false, errors: c.errors };
}

/** Reachability from the start, no loop that never waits, and a way out from every node (no closed loops). */
function checkGraph(flow: Flow, nc: Checker): void {
  const ids = Object.keys(flow.nodes);
  const edges = new Map(ids.map((id) => [id, nextIdsOf(flow.nodes[id] as FlowNode)]));
  const looping = new Set<string>();
  for (const loop of loopsThatNeverWait(flow, edges)) {
    for (const id of loop) looping.add(id);
    nc.fail(
      `goes round a loop that never waits for the visitor (${loop.join(' → ')}): the conversation would spin without end; put a step that waits for an answer (choices, a question, a quiz, a rating, a form or a button) in it`,
      loop[0],
      reason('v-loop-never-waits', { loop: loop.join(' → ') }),
    );
  }
  const reachable = new Set([flow.start]);
  const todo = [flow.start];
  while (todo.length)
    for (const n of edges.get(todo.pop()!) ?? [])
      if (!reachable.has(n)) {
        reachable.add(n);
        todo.push(n);
      }
  for (const id of ids)
    if (!reachable.has(id))
      nc.fail(
        `node "${id}" can never be reached from "${flow.start}"`,
        id,
        reason('v-unreachable', { step: id, start: flow.start }),
      );
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
  // A node on a loop that never waits has had its error (the more precise one) already.
  for (const id of ids) {
    if (reachable.has(id) && !canFinish.has(id) && !looping.has(id))
      nc.fail(`is in a loop with no way out: the conversation could never end from here`, id, reason('v-no-way-out'));
  }
}

/**
 * Loops made only of nodes that pass through (`passesThrough`), each as the path that goes round
 * it, first node repeated at the end (`a → b → a`). A depth-first walk over those nodes: an edge
 * back to a node still on the walk closes a loop. Every group of such nodes that can go round
 * yields at least one loop (not every loop through it); flows have at most `MAX_NODES` nodes, so
 * the recursion stays shallow.
 */
function loopsThatNeverWait(flow: Flow, edges: ReadonlyMap<string, string[]>): string[][] {
  const passing = (id: string) => Object.hasOwn(flow.nodes, id) && passesThrough(flow.nodes[id] as FlowNode);
  const loops: string[][] = [];
  const done = new Set<string>();
  const onWalk: string[] = [];
  const visit = (id: string): void => {
    onWalk.push(id);
    for (const next of edges.get(id) ?? []) {
      if (!passing(next) || done.has(next)) continue;
      const at = onWalk.indexOf(next);
      if (at >= 0) loops.push([...onWalk.slice(at), next]);
      else visit(next);
    }
    onWalk.pop();
    done.add(id);
  };
  for (const id of edges.keys()) if (passing(id) && !done.has(id)) visit(id);
  return loops;
}
