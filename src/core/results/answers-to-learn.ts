/**
 * Learning from visitors' own words: which free-text answers a flow did not understand (no intent,
 * or a weak match), grouped by what they say, and what teaching one to the flow writes.
 *
 * `answersToLearn` reads the event log's `answered` events of a question that branches on intents
 * and judges every distinct answer with the flow's *current* examples, so an answer stops being
 * listed as soon as the flow understands it (after the marketer taught it, or a similar answer).
 * `teachAnswers` adds answers as examples of an intent (an existing one, or a new one that goes
 * to the question's fallback step until the marketer gives it its own), within the flow model's
 * caps; the caller saves the flow through the same validated path as the editor.
 */
import { groupAnswers } from '../language/answer-groups.ts';
import {
  addExample,
  detectLanguage,
  matchStrength,
  trainMatcher,
  type IntentExamples,
  type Lang,
  type MatchStrength,
} from '../language/intent-matcher.ts';
import {
  MAX_EXAMPLE_LENGTH,
  MAX_EXAMPLES_PER_LANGUAGE,
  MAX_INTENT_EXAMPLES,
  MAX_INTENT_NAME_LENGTH,
  MAX_INTENTS,
  nodeText,
  type Flow,
  type FlowNode,
} from '../flows/flow-model.ts';
import type { TactEvent } from './event-model.ts';

/** The strengths worth a marketer's look. */
export type WeakStrength = Exclude<MatchStrength, 'strong'>;

/** One distinct answer (answers equal but for case and spaces are one). */
interface LearnableAnswer {
  /** As the visitor last wrote it. */
  text: string;
  /** How many times it was given. */
  count: number;
  /** When it was last given (ms). */
  lastAt: number;
  /** How the flow understands it now: no intent, or a weak match. */
  strength: WeakStrength;
  /** The intent it goes to now (null: the fallback step). */
  intent: string | null;
  lang: Lang;
}

/** Answers that say the same thing. */
export interface LearnGroup {
  /** The most central answer first, then by similarity to it. */
  answers: LearnableAnswer[];
  /** How many times the group's answers were given, all together. */
  count: number;
}

/** A question with answers to learn from. */
export interface QuestionToTeach {
  nodeId: string;
  question: string;
  /** The question's intents, in the flow's order. */
  intents: string[];
  /** Most given first. */
  groups: LearnGroup[];
}

export interface LearnOptions {
  /** Which strengths to list (default both). */
  strengths?: readonly WeakStrength[];
  /** At most this many distinct answers per question, the most recent (grouping costs a pair each). Default 400. */
  maxAnswers?: number;
}

type MatchingNode = Extract<FlowNode, { type: 'input' }> & {
  match: NonNullable<Extract<FlowNode, { type: 'input' }>['match']>;
};

function matchingNode(flow: Flow, nodeId: string): MatchingNode | undefined {
  const node = Object.hasOwn(flow.nodes, nodeId) ? flow.nodes[nodeId] : undefined;
  return node?.type === 'input' && node.match ? (node as MatchingNode) : undefined;
}

/** How answers are compared for "the same answer" and "already an example". */
const sameText = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The flow's questions that branch on intents, each with the answers it does not understand well
 * now, grouped by similarity; questions with none are left out (an empty list: nothing to learn).
 * Only `answered` free-text events of this flow count; previews and answers that are already an
 * example are left out. Deterministic for the same flow and events.
 */
export function answersToLearn(
  flow: Flow,
  events: readonly TactEvent[],
  options: LearnOptions = {},
): QuestionToTeach[] {
  const strengths = new Set(options.strengths ?? ['none', 'weak']);
  const maxAnswers = options.maxAnswers ?? 400;
  const byNode = new Map<string, Map<string, { text: string; count: number; lastAt: number }>>();
  for (const e of events) {
    if (e.type !== 'answered' || e.flowId !== flow.id || e.preview || e.replyId !== 'text' || !e.nodeId) continue;
    const text = e.label?.trim();
    if (!text || !matchingNode(flow, e.nodeId)) continue;
    let answers = byNode.get(e.nodeId);
    if (!answers) byNode.set(e.nodeId, (answers = new Map<string, { text: string; count: number; lastAt: number }>()));
    const key = sameText(text);
    const seen = answers.get(key);
    if (!seen) answers.set(key, { text, count: 1, lastAt: e.at });
    else {
      seen.count++;
      if (e.at > seen.lastAt) Object.assign(seen, { text, lastAt: e.at });
    }
  }

  const questions: QuestionToTeach[] = [];
  for (const nodeId of Object.keys(flow.nodes)) {
    const answers = byNode.get(nodeId);
    const node = matchingNode(flow, nodeId);
    if (!answers || !node) continue;
    const intents: IntentExamples = node.match.intents;
    const examples = new Set(
      Object.values(intents).flatMap((byLang) => Object.values(byLang).flatMap((list) => (list ?? []).map(sameText))),
    );
    const matcher = trainMatcher(intents);
    const listed: LearnableAnswer[] = [];
    const recentFirst = [...answers.entries()]
      .filter(([key]) => !examples.has(key))
      .sort((a, b) => b[1].lastAt - a[1].lastAt || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxAnswers);
    for (const [, a] of recentFirst) {
      const lang = detectLanguage(a.text);
      const result = matcher.match(a.text, lang);
      const strength = matchStrength(result, matcher.options);
      if (strength !== 'strong' && strengths.has(strength))
        listed.push({ ...a, strength, intent: result.intent, lang });
    }
    if (!listed.length) continue;
    const groups = groupAnswers(listed).map((g) => {
      const members = g.members.map((i) => listed[i]!);
      return { answers: members, count: members.reduce((sum, a) => sum + a.count, 0) };
    });
    // Most given first; groupAnswers' order (largest, then earliest) breaks ties.
    const order = new Map(groups.map((g, i) => [g, i]));
    groups.sort((a, b) => b.count - a.count || order.get(a)! - order.get(b)!);
    questions.push({ nodeId, question: nodeText(node), intents: Object.keys(intents), groups });
  }
  return questions;
}

/** Why answers could not be taught (each has its sentence in the options page's messages). */
export type TeachProblem =
  | { code: 'not-a-question' }
  | { code: 'unknown-intent'; intent: string }
  | { code: 'intent-exists'; intent: string }
  | { code: 'intent-name'; max: number }
  | { code: 'too-many-intents'; max: number }
  | { code: 'too-many-examples'; max: number; room: number }
  | { code: 'too-many-in-language'; max: number; lang: Lang }
  | { code: 'nothing-new' };

export type TeachResult = { ok: true; flow: Flow; added: number } | { ok: false; problem: TeachProblem };

/** An answer as an example: trimmed, one space between words, cut at a word under the length cap. */
function asExample(text: string): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  if (clean.length <= MAX_EXAMPLE_LENGTH) return clean;
  const cut = clean.slice(0, MAX_EXAMPLE_LENGTH);
  const space = cut.lastIndexOf(' ');
  return space > MAX_EXAMPLE_LENGTH / 2 ? cut.slice(0, space) : cut;
}

/**
 * `flow` with `texts` added as examples of `intent` on question `nodeId` (each in its detected
 * language, skipping those already there). With `create`, `intent` is a new intent's name; it
 * has no step of its own yet, so answers to it take the question's fallback. Refuses (nothing
 * changed) rather than going over the flow model's caps: 30 intents, 300 examples per question,
 * 50 per intent and language. `flow` is not changed.
 */
export function teachAnswers(
  flow: Flow,
  nodeId: string,
  intent: string,
  texts: readonly string[],
  options: { create?: boolean } = {},
): TeachResult {
  const node = matchingNode(flow, nodeId);
  if (!node) return { ok: false, problem: { code: 'not-a-question' } };
  const name = intent.trim();
  let intents: IntentExamples = node.match.intents;
  const exists = Object.hasOwn(intents, name);
  if (options.create) {
    if (!name || name.length > MAX_INTENT_NAME_LENGTH)
      return { ok: false, problem: { code: 'intent-name', max: MAX_INTENT_NAME_LENGTH } };
    if (exists) return { ok: false, problem: { code: 'intent-exists', intent: name } };
    if (Object.keys(intents).length >= MAX_INTENTS)
      return { ok: false, problem: { code: 'too-many-intents', max: MAX_INTENTS } };
  } else if (!exists) return { ok: false, problem: { code: 'unknown-intent', intent: name } };

  const count = (ex: IntentExamples) =>
    Object.values(ex).reduce((sum, byLang) => sum + Object.values(byLang).reduce((n, l) => n + (l?.length ?? 0), 0), 0);
  const before = count(intents);
  for (const text of texts) {
    const example = asExample(text);
    if (example) intents = addExample(intents, name, example, detectLanguage(example));
  }
  const added = count(intents) - before;
  if (added === 0) return { ok: false, problem: { code: 'nothing-new' } };
  if (count(intents) > MAX_INTENT_EXAMPLES)
    return {
      ok: false,
      problem: { code: 'too-many-examples', max: MAX_INTENT_EXAMPLES, room: MAX_INTENT_EXAMPLES - before },
    };
  for (const [lang, list] of Object.entries(intents[name] ?? {}) as [Lang, string[]][])
    if (list.length > MAX_EXAMPLES_PER_LANGUAGE)
      return { ok: false, problem: { code: 'too-many-in-language', max: MAX_EXAMPLES_PER_LANGUAGE, lang } };

  const taught = structuredClone(flow);
  const taughtNode = taught.nodes[nodeId] as MatchingNode;
  taughtNode.match.intents = intents;
  return { ok: true, flow: taught, added };
}
