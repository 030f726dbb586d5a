/**
 * The form of one node, for every node kind of the flow model (src/core/flows/flow-model.ts): its
 * texts, replies / options / fields / ranges / branches (add, remove, reorder), where each branch
 * goes (a select of the flow's nodes), and the kind's own settings. Nested structures the model
 * keeps as data (a branch's conditions, free-text intents, variables set) are small JSON fields.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { FieldPath } from './flow-edit.ts';
import type { FlowNode, NodeKind } from '../core/flows/flow-model.ts';
import { pageWords, t } from '../shared/i18n.ts';
import {
  checkField,
  errorBlock,
  jsonField,
  listEditor,
  numberField,
  selectField,
  tagsField,
  targetField,
  localizedField,
  textField,
  type FormContext,
} from './form-fields.ts';

const INPUT_KINDS = (): [string, string][] => [
  ['text', t('editorInputText')],
  ['email', t('editorInputEmail')],
  ['number', t('editorInputNumber')],
];

/** The overlay's own message for a refused answer of each input kind: the default the field shows. */
const BUILT_IN_INVALID: Record<string, string> = {
  text: 'overlayInvalidEmpty',
  email: 'overlayInvalidEmail',
  number: 'overlayInvalidNumber',
};

/**
 * The message said when an answer is refused, per locale like every text the visitor reads; left
 * empty, the overlay says its own (shown as the placeholder) in the conversation's language.
 */
function invalidMessageField(ctx: FormContext, path: FieldPath, input: string): TemplateResult {
  return localizedField(ctx, path, t('localeGaps_invalidMessage'), {
    optional: true,
    placeholder: (ctx.textWords ?? pageWords).t(BUILT_IN_INVALID[input] ?? 'overlayInvalidEmpty'),
  });
}

/** Tags and variables a reply or an input sets. */
function effects(ctx: FormContext, path: FieldPath): TemplateResult {
  return html`<div class="field-row">
      ${tagsField(ctx, [...path, 'tags'], t('editorTags'))}
      ${numberField(ctx, [...path, 'tagDays'], t('editorTagDays'), { optional: true, step: '1' })}
    </div>
    ${jsonField(ctx, [...path, 'set'], t('editorSetVars'), { optional: true, hint: t('editorSetVarsHint') })}`;
}

type NodeOf<K extends NodeKind> = Extract<FlowNode, { type: K }>;

/** What a node's form is drawn with: the form, the node, its path and its "next" field. */
interface NodeFormParts<N> {
  ctx: FormContext;
  node: N;
  p: FieldPath;
  next: (label?: string) => TemplateResult;
}

/**
 * The form of each node kind, once: a kind of the flow model (`NodeKind`) without an entry here
 * does not compile.
 */
const NODE_FORMS: { [K in NodeKind]: (parts: NodeFormParts<NodeOf<K>>) => TemplateResult } = {
  message: ({ ctx, node, p, next }) =>
    html`${localizedField(ctx, [...p, 'text'], t('editorText'), { multiline: true })}
    ${node.image ? localizedField(ctx, [...p, 'image', 'alt'], t('editorImageAlt')) : nothing} ${next()}`,
  choice: ({ ctx, node, p }) =>
    html`${localizedField(ctx, [...p, 'text'], t('editorText'), { multiline: true })}
    ${listEditor(
      ctx,
      [...p, 'replies'],
      t('editorReplies'),
      (_r, i) =>
        html`<div class="field-row">
            ${localizedField(ctx, [...p, 'replies', i, 'label'], t('editorReplyLabel'))}
            ${textField(ctx, [...p, 'replies', i, 'id'], t('editorReplyId'))}
          </div>
          ${targetField(ctx, [...p, 'replies', i, 'next'], t('editorNext'), t('editorEndHere'))}
          <details class="more">
            <summary>${t('editorMoreSettings')}</summary>
            ${effects(ctx, [...p, 'replies', i])}
          </details>`,
      {
        make: () => ({ id: freeItemId(node.replies, 'reply'), label: t('editorNewReply') }),
        min: 2,
        max: 4,
        itemLabel: (i) => t('editorReplyN', String(i + 1)),
        addLabel: t('editorAddReply'),
      },
    )}`,
  input: ({ ctx, node, p, next }) =>
    html`${localizedField(ctx, [...p, 'text'], t('editorText'), { multiline: true })}
      <div class="field-row">
        ${selectField(ctx, [...p, 'input'], t('editorInputKind'), INPUT_KINDS())}
        ${localizedField(ctx, [...p, 'placeholder'], t('editorPlaceholder'), { optional: true })}
      </div>
      ${invalidMessageField(ctx, [...p, 'invalidMessage'], node.input ?? 'text')}
      ${node.input === 'number' ? html`<div class="field-row">${numberField(ctx, [...p, 'min'], t('editorMin'), { optional: true })}${numberField(ctx, [...p, 'max'], t('editorMax'), { optional: true })}</div>` : nothing}
      ${textField(ctx, [...p, 'attribute'], t('editorAttribute'), { optional: true })} ${node.match ? nothing : next()}
      ${jsonField(ctx, [...p, 'match'], t('editorMatch'), { optional: true, hint: t('editorMatchHint') })}
      <details class="more">
        <summary>${t('editorMoreSettings')}</summary>
        ${effects(ctx, p)}
      </details>`,
  quiz: ({ ctx, node, p, next }) =>
    html`${localizedField(ctx, [...p, 'text'], t('editorText'), { multiline: true })}
      ${listEditor(
        ctx,
        [...p, 'options'],
        t('editorOptions'),
        (_o, i) =>
          html`<div class="field-row">
              ${localizedField(ctx, [...p, 'options', i, 'label'], t('editorOptionLabel'))}
              ${textField(ctx, [...p, 'options', i, 'id'], t('editorReplyId'))}
            </div>
            <div class="field-row">
              ${numberField(ctx, [...p, 'options', i, 'points'], t('editorPoints'))}
              ${checkField(ctx, [...p, 'options', i, 'correct'], t('editorCorrect'))}
            </div>`,
        {
          make: () => ({
            id: freeItemId(node.options, 'option'),
            label: t('editorNewOption'),
            points: 0,
            correct: false,
          }),
          min: 2,
          max: 6,
          itemLabel: (i) => t('editorOptionN', String(i + 1)),
          addLabel: t('editorAddOption'),
        },
      )}
      <div class="field-row">
        ${localizedField(ctx, [...p, 'feedback', 'correct'], t('editorFeedbackCorrect'), { optional: true })}
        ${localizedField(ctx, [...p, 'feedback', 'wrong'], t('editorFeedbackWrong'), { optional: true })}
      </div>
      ${next()}`,
  result: ({ ctx, p, next }) =>
    html`${listEditor(
      ctx,
      [...p, 'ranges'],
      t('editorRanges'),
      (_r, i) =>
        html` ${numberField(ctx, [...p, 'ranges', i, 'min'], t('editorRangeMin'))}
        ${localizedField(ctx, [...p, 'ranges', i, 'text'], t('editorText'), { multiline: true })}`,
      {
        make: () => ({ min: 0, text: t('editorNewText') }),
        min: 1,
        max: 10,
        itemLabel: (i) => t('editorRangeN', String(i + 1)),
        addLabel: t('editorAddRange'),
      },
    )}
    ${next()}`,
  rating: ({ ctx, p, next }) =>
    html`${localizedField(ctx, [...p, 'text'], t('editorText'), { multiline: true })}
      ${selectField(ctx, [...p, 'scale'], t('editorScale'), [
        ['stars', t('editorScaleStars')],
        ['nps', t('editorScaleNps')],
      ])}
      <div class="field-row">
        ${numberField(ctx, [...p, 'lowAtMost'], t('editorLowAtMost'), { optional: true, step: '1' })}
        ${targetField(ctx, [...p, 'lowNext'], t('editorLowNext'), t('editorSameAsNext'))}
      </div>
      ${textField(ctx, [...p, 'attribute'], t('editorAttribute'), { optional: true })} ${next()}`,
  form: ({ ctx, node, p, next }) =>
    html`${localizedField(ctx, [...p, 'text'], t('editorText'), { multiline: true })}
    ${listEditor(
      ctx,
      [...p, 'fields'],
      t('editorFields'),
      (f, i) =>
        html`<div class="field-row">
            ${localizedField(ctx, [...p, 'fields', i, 'label'], t('editorFieldLabel'))}
            ${textField(ctx, [...p, 'fields', i, 'id'], t('editorReplyId'))}
          </div>
          <div class="field-row">
            ${selectField(ctx, [...p, 'fields', i, 'input'], t('editorInputKind'), INPUT_KINDS())}
            ${checkField(ctx, [...p, 'fields', i, 'required'], t('editorRequired'))}
          </div>
          <div class="field-row">
            ${localizedField(ctx, [...p, 'fields', i, 'placeholder'], t('editorPlaceholder'), { optional: true })}
            ${textField(ctx, [...p, 'fields', i, 'attribute'], t('editorAttribute'), { optional: true })}
          </div>
          ${invalidMessageField(ctx, [...p, 'fields', i, 'invalidMessage'], f.input)}`,
      {
        make: () => ({
          id: freeItemId(node.fields, 'field'),
          label: t('editorNewField'),
          input: 'text',
          required: false,
        }),
        min: 1,
        max: 10,
        itemLabel: (i) => t('editorFieldN', String(i + 1)),
        addLabel: t('editorAddField'),
      },
    )}
    ${next()}`,
  condition: ({ ctx, node, p }) =>
    html`${listEditor(
      ctx,
      [...p, 'branches'],
      t('editorBranches'),
      (_b, i) =>
        html` ${jsonField(ctx, [...p, 'branches', i, 'when'], t('editorWhen'), { hint: t('editorWhenHint') })}
        ${targetField(ctx, [...p, 'branches', i, 'next'], t('editorNext'))}`,
      {
        make: () => ({ when: [{ kind: 'score', min: 1 }], next: node.otherwise }),
        min: 1,
        max: 10,
        itemLabel: (i) => t('editorBranchN', String(i + 1)),
        addLabel: t('editorAddBranch'),
      },
    )}
    ${targetField(ctx, [...p, 'otherwise'], t('editorOtherwise'))}`,
  action: ({ ctx, node, p, next }) => {
    const kind = node.action?.kind;
    const setKind = (k: string | undefined) => {
      const label = 'label' in (node.action ?? {}) ? (node.action as { label: string }).label : t('editorNewButton');
      const fresh: Record<string, unknown> =
        k === 'tag'
          ? { kind: 'tag', tags: ['tag'] }
          : k === 'copy-code'
            ? { kind: 'copy-code', code: 'CODE', label }
            : k === 'close'
              ? { kind: 'close' }
              : { kind: k, url: '/', label };
      ctx.set([...p, 'action'], fresh);
    };
    return html`${localizedField(ctx, [...p, 'text'], t('editorText'), { multiline: true, optional: true })}
    ${selectField(
      ctx,
      [...p, 'action', 'kind'],
      t('editorActionKind'),
      [
        ['tag', t('editorActionTag')],
        ['open-link', t('editorActionLink')],
        ['copy-code', t('editorActionCode')],
        ['handoff', t('editorActionHandoff')],
        ['close', t('editorActionClose')],
      ],
      { onPick: setKind },
    )}
    ${kind === 'tag' ? html`${tagsField(ctx, [...p, 'action', 'tags'], t('editorTags'))}${numberField(ctx, [...p, 'action', 'days'], t('editorTagDays'), { optional: true, step: '1' })}` : nothing}
    ${kind === 'open-link' || kind === 'handoff' ? html`${textField(ctx, [...p, 'action', 'url'], t('editorUrl'))}${localizedField(ctx, [...p, 'action', 'label'], t('editorButtonLabel'))}` : nothing}
    ${kind === 'copy-code' ? html`${textField(ctx, [...p, 'action', 'code'], t('editorCode'))}${localizedField(ctx, [...p, 'action', 'label'], t('editorButtonLabel'))}` : nothing}
    ${errorBlock(ctx, [...p, 'action'])} ${kind === 'close' ? nothing : next()}`;
  },
  end: ({ ctx, p }) => localizedField(ctx, [...p, 'text'], t('editorText'), { multiline: true }),
};

/** The fields of node `id` (the node must exist in the draft; a kind Tact does not know says so). */
export function renderNodeFields(ctx: FormContext, id: string): TemplateResult {
  const node = ctx.draft.nodes[id] as FlowNode;
  const p: FieldPath = ['nodes', id];
  const next = (label = t('editorNext')) => targetField(ctx, [...p, 'next'], label, t('editorEndHere'));
  if (!Object.hasOwn(NODE_FORMS, node.type)) return html`<p class="field-error">${t('editorUnknownKind')}</p>`;
  const form = NODE_FORMS[node.type] as (parts: NodeFormParts<FlowNode>) => TemplateResult;
  return form({ ctx, node, p, next });
}

/** An item id not used yet in a list of `{ id }`. */
function freeItemId(items: unknown, base: string): string {
  const taken = new Set(Array.isArray(items) ? items.map((x) => (x as { id?: unknown })?.id) : []);
  for (let n = 1; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
