/**
 * The flow model: a conversation is a small graph of nodes starting at `start`. Documented in
 * docs/flow-model.md; declared once, as valibot schemas from which the types are inferred;
 * validated by `validateFlow` (flow-validation.ts: the schema, then the graph); run by
 * src/core/flows/flow-runner.ts. Texts may use variables (`{{visitor.firstName|there}}`), always
 * rendered as text, never as HTML. Keys a schema does not know are left out when a flow is
 * validated (packs and older data may carry them).
 */
import * as v from 'valibot';
import { CONDITION_OPTIONS, conditionProblems, rangeProblems } from '../rules/rule-model.ts';
import { INTENTS } from '../signals/signal-kinds.ts';
import {
  idSchema,
  integerSchema,
  numberSchema,
  object,
  problemCheck,
  cappedRecord,
  record,
  textSchema,
  type CodedProblem,
} from '../validation/schema-check.ts';
import { isExternalLink, isSameSitePath } from './link-target.ts';
import { reason } from '../rules/reason.ts';
import { FLOW_LOCALES, resolveText } from './localized-text.ts';

/** Schema version of flows written by this build. */
export const MODEL_VERSION = 1;

/** Longest free-text answer accepted, in characters. */
export const MAX_ANSWER_LENGTH = 500;

/*
 * Limits no marketer reaches but that bound what a flow costs the visitor's browser (measured with
 * the limits reached, in the commit that set them): a question's matcher is trained from all its
 * examples when it is first answered, so intents and examples are capped per question.
 */
/** Most nodes in one flow. */
export const MAX_NODES = 200;
/** Most intents one free-text question tells apart (the shipped sets have 6–7). */
export const MAX_INTENTS = 30;
/** Most example phrases of one question, all intents and languages together (the shipped sets: 84–147). */
export const MAX_INTENT_EXAMPLES = 300;
/** Most example phrases of one intent in one language. */
export const MAX_EXAMPLES_PER_LANGUAGE = 50;
/** Longest example phrase, in characters. */
export const MAX_EXAMPLE_LENGTH = 200;
/** Longest intent name, in characters. */
export const MAX_INTENT_NAME_LENGTH = 80;
/** Most variables one reply or one answer sets. */
export const MAX_VARIABLES_PER_STEP = 20;
/** Why a question's intents are capped, for the marketer. */
const SLOW_ANSWERS = 'more would make every answer slow to understand';

const INPUT_KINDS = ['text', 'email', 'number'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

/** A node id another node points to; `validateFlow` passes one that also checks the node exists. */
type TargetSchema = v.GenericSchema<string, string>;

const VARIABLE_NAME = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * A text the visitor reads: one string for every visitor (as flows were always written, so older
 * flows and packs stay valid), or one text per locale (`{ en: "Hi", fr: "Bonjour" }`) of which at
 * least one is written when the text is required (`min` ≥ 1). Resolved for the visitor by
 * `resolveText` (localized-text.ts). `expects` is set to "string" so a missing text reads "must be
 * text, got undefined", as before.
 */
// @__NO_SIDE_EFFECTS__
function localizedTextSchema(max: number, min = 1) {
  const one = textSchema(max, min);
  const perLocale = v.pipe(
    object({ en: v.optional(one), fr: v.optional(one), ru: v.optional(one) }),
    v.check((t) => min === 0 || FLOW_LOCALES.some((l) => t[l]), 'needs a text in at least one language (en, fr or ru)'),
  );
  return { ...v.union([one, perLocale]), expects: 'string' };
}

/** Tags (optionally expiring) and variables a step sets. */
// @__NO_SIDE_EFFECTS__
function effects() {
  return {
    /** Tags added to the visitor profile. */
    tags: v.optional(v.pipe(v.array(idSchema), v.maxLength(10))),
    /** The tags expire after this many days (default: never). */
    tagDays: v.optional(integerSchema(1, 3650)),
    /** Conversation variables set (readable as `{{vars.name}}` and by condition nodes). */
    set: v.optional(
      cappedRecord(
        v.pipe(v.string(), v.regex(VARIABLE_NAME, 'variable names may contain only letters, digits, "-" and "_"')),
        textSchema(200, 0),
        MAX_VARIABLES_PER_STEP,
        (count) => `must set at most ${MAX_VARIABLES_PER_STEP} variables (got ${count})`,
      ),
    ),
  };
}

/** Ids unique within a list (replies, options, fields), reported at the second one. */
function duplicateIds(list: readonly { id: string }[], listKey: string, what: string): CodedProblem[] {
  const seen = new Set<string>();
  const problems: CodedProblem[] = [];
  list.forEach((item, i) => {
    if (seen.has(item.id))
      problems.push({
        message: `duplicate ${what} id "${item.id}"`,
        reason: reason('v-duplicate-id', { id: item.id }),
        path: [listKey, i, 'id'],
      });
    seen.add(item.id);
  });
  return problems;
}

type LangExamples = { en?: unknown[]; fr?: unknown[]; ru?: unknown[] };
const exampleCount = (e: LangExamples) => (e.en?.length ?? 0) + (e.fr?.length ?? 0) + (e.ru?.length ?? 0);
const totalExamples = (intents: Record<string, LangExamples>) =>
  Object.values(intents).reduce((sum, e) => sum + exampleCount(e), 0);

const LANG_EXAMPLES = /* @__PURE__ */ (() =>
  v.optional(
    v.pipe(v.array(textSchema(MAX_EXAMPLE_LENGTH)), v.minLength(1), v.maxLength(MAX_EXAMPLES_PER_LANGUAGE)),
  ))();

/** Free-text branching: the answer is matched to intents given by example phrases. */
// @__NO_SIDE_EFFECTS__
function intentBranches(target: TargetSchema) {
  return v.pipe(
    object({
      /** Intent name → example phrases per language. */
      intents: v.pipe(
        cappedRecord(
          textSchema(MAX_INTENT_NAME_LENGTH),
          v.pipe(
            object({ en: LANG_EXAMPLES, fr: LANG_EXAMPLES, ru: LANG_EXAMPLES }),
            v.check((e) => exampleCount(e) > 0, 'needs example phrases in at least one language'),
          ),
          MAX_INTENTS,
          (count) => `must have at most ${MAX_INTENTS} intents (got ${count}): ${SLOW_ANSWERS}`,
        ),
        v.check((intents) => Object.keys(intents).length > 0, 'needs at least one intent'),
        v.check(
          (intents) => totalExamples(intents) <= MAX_INTENT_EXAMPLES,
          (issue) =>
            `must have at most ${MAX_INTENT_EXAMPLES} example phrases in all (got ${totalExamples(issue.input)}): ${SLOW_ANSWERS}; keep the clearest ones`,
        ),
      ),
      /** Intent name → node to go to. */
      next: record(v.string(), target),
      /** Where to go when nothing matches well enough. */
      fallback: target,
    }),
    problemCheck((m) =>
      Object.keys(m.next)
        .filter((name) => !Object.hasOwn(m.intents, name))
        .map((name) => ({
          message: "is not one of this node's intents",
          reason: reason('v-not-an-intent', { name }),
          path: ['next', name],
        })),
    ),
  );
}

/** A link a button opens: an http(s) or mailto: address, or a path on the conversation's site. */
const linkSchema = /* @__PURE__ */ (() =>
  v.pipe(
    textSchema(2000),
    problemCheck((url: string) => {
      if (url.startsWith('/') && !isSameSitePath(url))
        return {
          message: 'must be a path on this site: "//…" or "/\\…" would open another site',
          reason: reason('v-link-other-site'),
        };
      if (!url.startsWith('/') && !isExternalLink(url))
        return {
          message: 'must be an http(s) or mailto: URL, or a path starting with /',
          reason: reason('v-link-kind'),
        };
      return undefined;
    }),
  ))();

/** What a condition node can test, besides rule conditions on the visitor and the page. */
const FlowConditionSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.variant('kind', [
      v.object({
        kind: v.literal('variable'),
        name: idSchema,
        op: v.picklist(['equals', 'contains', 'present', 'absent']),
        value: v.optional(textSchema(200, 0)),
      }),
      v.object({ kind: v.literal('score'), min: v.optional(numberSchema()), max: v.optional(numberSchema()) }),
      v.object({ kind: v.literal('intent'), intent: v.picklist(INTENTS), atLeast: numberSchema({ min: 0, max: 1 }) }),
      ...CONDITION_OPTIONS,
    ]),
    problemCheck((c): CodedProblem[] => {
      if (c.kind === 'variable')
        return (c.op === 'equals' || c.op === 'contains') && c.value === undefined
          ? [{ message: 'must be text, got undefined', reason: reason('v-needs-value'), path: ['value'] }]
          : [];
      if (c.kind === 'score') return rangeProblems(c, 'min', 'max').filter((p) => !p.path);
      if (c.kind === 'intent') return [];
      return conditionProblems(c);
    }),
  ))();
export type FlowCondition = v.InferOutput<typeof FlowConditionSchema>;

const ACTION_SCHEMA = /* @__PURE__ */ (() =>
  v.variant('kind', [
    v.object({
      kind: v.literal('tag'),
      tags: v.pipe(v.array(idSchema), v.minLength(1), v.maxLength(10)),
      days: v.optional(integerSchema(1, 3650)),
    }),
    v.object({ kind: v.picklist(['open-link', 'handoff']), url: linkSchema, label: localizedTextSchema(80) }),
    v.object({ kind: v.literal('copy-code'), code: textSchema(100), label: localizedTextSchema(80) }),
    v.object({ kind: v.literal('close') }),
  ]))();

/** Tact makes no network requests: images are embedded (data:image/…) or shipped with the extension. */
const IMAGE_SOURCE = /^(data:image\/(png|jpeg|gif|webp);base64,|[a-z0-9_/-]+\.(png|jpe?g|webp|gif)$)/i;

/** One schema per node kind, `type` telling them apart; `target` checks the nodes they lead to. */
// @__NO_SIDE_EFFECTS__
function nodeSchema(target: TargetSchema) {
  const text = localizedTextSchema(1000);
  const next = v.optional(target);
  return v.pipe(
    v.variant('type', [
      /** A bot message that needs no answer; the conversation goes on to `next` by itself. */
      v.object({
        type: v.literal('message'),
        text,
        image: v.optional(
          object({
            src: v.pipe(
              textSchema(200_000),
              v.regex(
                IMAGE_SOURCE,
                'must be a data:image/png|jpeg|gif|webp;base64 URL or an image file shipped with Tact (no web addresses: Tact makes no network requests)',
              ),
            ),
            alt: localizedTextSchema(300, 0),
          }),
        ),
        next,
      }),
      /** A bot message followed by 2–4 quick replies (each may branch, add tags and set variables). */
      v.object({
        type: v.literal('choice'),
        text,
        replies: v.pipe(
          v.array(
            object({
              id: idSchema,
              label: localizedTextSchema(80),
              /** Node to go to; omitted means the conversation ends after this reply. */
              next,
              ...effects(),
            }),
          ),
          v.minLength(2),
          v.maxLength(4),
        ),
      }),
      /** A question answered in the visitor's own words, checked by kind; may branch on what it means. */
      v.object({
        type: v.literal('input'),
        text,
        /** `text` (default), `email` or `number`. */
        input: v.optional(v.picklist(INPUT_KINDS)),
        placeholder: v.optional(localizedTextSchema(120, 0)),
        /** Said when an answer is refused (empty, not an e-mail…), instead of Tact's own message for it. */
        invalidMessage: v.optional(localizedTextSchema(200, 0)),
        /** For numbers: accepted range. */
        min: v.optional(numberSchema()),
        max: v.optional(numberSchema()),
        /** Store the answer as this visitor attribute (e.g. "firstName"). */
        attribute: v.optional(idSchema),
        /** Node to go to after the answer; omitted means the conversation ends. */
        next,
        /** Branch on what the answer means instead of going to `next`. */
        match: v.optional(intentBranches(target)),
        ...effects(),
      }),
      /** A quiz question: options with points; the points add up to the conversation's score. */
      v.object({
        type: v.literal('quiz'),
        text,
        options: v.pipe(
          v.array(
            object({
              id: idSchema,
              label: localizedTextSchema(120),
              points: numberSchema({ min: -1000, max: 1000 }),
              correct: v.optional(v.boolean()),
            }),
          ),
          v.minLength(2),
          v.maxLength(6),
        ),
        /** Said after a correct / a wrong answer (optional). */
        feedback: v.optional(
          object({ correct: v.optional(localizedTextSchema(500)), wrong: v.optional(localizedTextSchema(500)) }),
        ),
        next,
      }),
      /** Says the text of the first range the score falls in (`{{score}}` works in it). */
      v.object({
        type: v.literal('result'),
        ranges: v.pipe(
          v.array(object({ min: numberSchema({ min: -100_000, max: 100_000 }), text })),
          v.minLength(1),
          v.maxLength(10),
        ),
        next,
      }),
      /** A rating: 1–5 stars, or a 0–10 net promoter score. Scores at or below `lowAtMost` go to `lowNext`. */
      v.object({
        type: v.literal('rating'),
        text,
        scale: v.picklist(['stars', 'nps']),
        lowAtMost: v.optional(integerSchema(0, 10)),
        lowNext: next,
        attribute: v.optional(idSchema),
        next,
      }),
      /** A step-by-step form: one field at a time, with progress; each field is saved as answered. */
      v.object({
        type: v.literal('form'),
        text,
        fields: v.pipe(
          v.array(
            object({
              id: idSchema,
              label: localizedTextSchema(200),
              input: v.picklist(INPUT_KINDS),
              required: v.boolean(),
              placeholder: v.optional(localizedTextSchema(120, 0)),
              /** Said when this field's answer is refused, instead of Tact's own message for it. */
              invalidMessage: v.optional(localizedTextSchema(200, 0)),
              attribute: v.optional(idSchema),
            }),
          ),
          v.minLength(1),
          v.maxLength(10),
        ),
        next,
      }),
      /** Branches without saying anything: the first branch whose conditions all hold wins. */
      v.object({
        type: v.literal('condition'),
        branches: v.pipe(
          v.array(
            object({ when: v.pipe(v.array(FlowConditionSchema), v.minLength(1), v.maxLength(10)), next: target }),
          ),
          v.minLength(1),
          v.maxLength(10),
        ),
        otherwise: target,
      }),
      /**
       * An action. `tag` and `close` happen by themselves; the others show a button that performs
       * them (open a link in a new tab, copy a code to the clipboard, hand off to a URL) and go on.
       */
      v.object({ type: v.literal('action'), text: v.optional(text), action: ACTION_SCHEMA, next }),
      /** A closing bot message; the conversation is complete once it is shown. */
      v.object({ type: v.literal('end'), text }),
    ]),
    problemCheck((node): CodedProblem[] => {
      switch (node.type) {
        case 'choice':
          return duplicateIds(node.replies, 'replies', 'reply');
        case 'quiz':
          return duplicateIds(node.options, 'options', 'option');
        case 'form':
          return duplicateIds(node.fields, 'fields', 'field');
        case 'input':
          return node.match && node.next !== undefined
            ? [
                {
                  message: 'cannot be used together with match (answers branch by intent)',
                  reason: reason('v-match-and-next'),
                  path: ['next'],
                },
              ]
            : [];
        default:
          return [];
      }
    }),
  );
}

const EMOJI_POLICIES = ['none', 'sparing', 'friendly'] as const;
export type EmojiPolicy = (typeof EMOJI_POLICIES)[number];

/** The bot's voice, shared by flows. */
export const PersonaSchema = /* @__PURE__ */ (() =>
  object({
    name: localizedTextSchema(60),
    /** One or two characters shown in the avatar circle. */
    avatar: textSchema(4),
    /** A few words on register, for writers ("warm, informal, tutoiement"). */
    tone: v.optional(textSchema(200)),
    /** Typing speed in characters per second for the typing indicator (0 = no delay). */
    typingCps: v.optional(numberSchema({ min: 0, max: 1000 })),
    emoji: v.optional(v.picklist(EMOJI_POLICIES)),
    /**
     * Per-locale overrides of the name (e.g. { fr: "Sam de Northwind" }), as older flows wrote them;
     * `name` may now be per locale itself. An override here wins.
     */
    locales: v.optional(
      object({
        en: v.optional(object({ name: v.optional(textSchema(60)) })),
        fr: v.optional(object({ name: v.optional(textSchema(60)) })),
        ru: v.optional(object({ name: v.optional(textSchema(60)) })),
      }),
    ),
  }))();
export type Persona = v.InferOutput<typeof PersonaSchema>;

/**
 * A conversation: a small graph of nodes starting at `start`. `target` checks the node ids that
 * nodes point to (`validateFlow` gives one that knows the flow's nodes); the graph itself (every
 * node reachable, a way out of every loop) is checked afterwards, on the typed flow.
 */
// @__NO_SIDE_EFFECTS__
export function flowSchema(target: TargetSchema = idSchema) {
  return object(flowFields(target));
}

/**
 * A flow as a pack holds it: its persona may be left out, the pack's is given to it
 * (flow-pack.ts). For the pack's published JSON Schema; packs are checked flow by flow with `validateFlow`.
 */
// @__NO_SIDE_EFFECTS__
export function packFlowSchema() {
  return object({ ...flowFields(idSchema), persona: v.optional(PersonaSchema) });
}

// @__NO_SIDE_EFFECTS__
function flowFields(target: TargetSchema) {
  return {
    id: idSchema,
    version: v.picklist([MODEL_VERSION as number]),
    name: textSchema(120),
    /** The language a text falls back to when it has none in the visitor's (default: English). */
    defaultLocale: v.optional(v.picklist(FLOW_LOCALES)),
    persona: PersonaSchema,
    start: idSchema,
    nodes: v.pipe(
      cappedRecord(
        v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,80}$/, 'node id may contain only letters, digits, "-" and "_"')),
        nodeSchema(target),
        MAX_NODES,
        (count) => `must have at most ${MAX_NODES} nodes (got ${count})`,
      ),
      v.check((nodes) => Object.keys(nodes).length > 0, 'must have at least one node'),
    ),
  };
}

export type Flow = v.InferOutput<ReturnType<typeof flowSchema>>;
export type FlowNode = Flow['nodes'][string];
export type NodeKind = FlowNode['type'];
export const NODE_KINDS: readonly NodeKind[] = [
  'message',
  'choice',
  'input',
  'quiz',
  'result',
  'rating',
  'form',
  'condition',
  'action',
  'end',
];
export type IntentBranches = NonNullable<Extract<FlowNode, { type: 'input' }>['match']>;

/**
 * The text a node says in `locale` (with the flow's `fallback`), or '' for nodes that say nothing
 * (condition, result, silent actions).
 */
export function nodeText(node: FlowNode | undefined, locale?: string, fallback?: string): string {
  return node && 'text' in node ? resolveText(node.text, locale, fallback) : '';
}
