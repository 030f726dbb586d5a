/**
 * Form fields of the flow editor, bound to a field path of the draft. Each field shows the
 * validator's errors for its exact path right under it (`aria-invalid`, `aria-describedby`), so
 * `flow.nodes.ask.replies[1].next` is reported on that reply's "next" select.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { getField, pathString, type FieldPath } from './flow-edit.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import { resolveText, type FlowLocale, type LocalizedText } from '../core/flows/localized-text.ts';
import { colon, t, type Words } from '../shared/i18n.ts';

/** What the fields read and how they change the draft (the editor implements it). */
export interface FormContext {
  draft: Flow;
  /** Validator errors by path (`flow.nodes.ask.text`). */
  errors: Map<string, string[]>;
  set(path: FieldPath, value: unknown): void;
  move(path: FieldPath, index: number, delta: number): void;
  /** Text typed into a JSON sub-field that does not parse yet, by path. */
  rawJson: Map<string, { text: string; error: string }>;
  /** Called after a raw JSON text changed without a draft change (to redraw). */
  redraw(): void;
  /** The language the texts are edited in (the editor's locale tab). */
  textLocale: FlowLocale;
  /**
   * The overlay's own words in that language, for the defaults a field shows (what the overlay
   * says when the field is left empty); the page's until they are loaded.
   */
  textWords?: Words;
}

/** A DOM id for a field path. */
export function fieldId(path: FieldPath): string {
  return `f-${pathString(path).replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

function errorsOf(ctx: FormContext, path: FieldPath): string[] {
  return ctx.errors.get(pathString(path)) ?? [];
}

/** The errors of one path (a node, a list) where no single field stands for it. */
export function errorBlock(ctx: FormContext, path: FieldPath): TemplateResult | typeof nothing {
  const list = errorsOf(ctx, path);
  return list.length
    ? html`<p class="field-error" id="${fieldId(path)}-error" data-path=${pathString(path)}>${list.join(' ')}</p>`
    : nothing;
}

function described(ctx: FormContext, path: FieldPath): string | typeof nothing {
  return errorsOf(ctx, path).length ? `${fieldId(path)}-error` : nothing;
}

interface TextOptions {
  multiline?: boolean;
  /** Empty means the field is left out. */
  optional?: boolean;
  placeholder?: string;
}

export function textField(ctx: FormContext, path: FieldPath, label: string, opts: TextOptions = {}): TemplateResult {
  const id = fieldId(path);
  const value = getField(ctx.draft, path);
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  const onInput = (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    ctx.set(path, v === '' && opts.optional ? undefined : v);
  };
  const invalid = errorsOf(ctx, path).length > 0 ? 'true' : 'false';
  return html`<div class="field">
    <label for=${id}
      >${label}${opts.optional ? html` <span class="muted">${t('editorOptional')}</span>` : nothing}</label
    >
    ${
      opts.multiline
        ? html`<textarea
            id=${id}
            rows="2"
            .value=${text}
            placeholder=${opts.placeholder ?? nothing}
            aria-invalid=${invalid}
            aria-describedby=${described(ctx, path)}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id=${id}
            type="text"
            .value=${text}
            placeholder=${opts.placeholder ?? nothing}
            aria-invalid=${invalid}
            aria-describedby=${described(ctx, path)}
            @input=${onInput}
          />`
    }
    ${errorBlock(ctx, path)}
  </div>`;
}

/** The name of a locale in the UI language ("French", "Français", "Французский"). */
export function localeName(locale: FlowLocale): string {
  return t(`locale_${locale}`);
}

/**
 * A text the visitor reads, edited in the editor's locale (`ctx.textLocale`). A plain string is the
 * flow's default-locale text and stays a plain string while only that locale is edited; writing
 * another locale makes it `{ <default>: …, <locale>: … }`. A text written in some language but not
 * in this one is marked as missing (a visible badge, named by the field's `aria-describedby`),
 * with the text the visitor would read instead as the placeholder.
 */
export function localizedField(
  ctx: FormContext,
  path: FieldPath,
  label: string,
  opts: TextOptions = {},
): TemplateResult {
  const id = fieldId(path);
  const locale = ctx.textLocale;
  const fallback = ctx.draft.defaultLocale ?? 'en';
  const value = getField(ctx.draft, path);
  const record = value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  const own = record ? record[locale] : locale === fallback ? value : undefined;
  const text = typeof own === 'string' ? own : '';
  const written = typeof value === 'string' ? value !== '' : !!record && Object.values(record).some((x) => x);
  const missing = written && text === '';
  const onInput = (e: Event) => {
    const typed = (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
    const current = getField(ctx.draft, path);
    if (typeof current !== 'object' || current === null) {
      if (locale === fallback) {
        ctx.set(path, typed === '' && opts.optional ? undefined : typed);
        return;
      }
      const next: Record<string, string> = {};
      if (typeof current === 'string' && current) next[fallback] = current;
      if (typed) next[locale] = typed;
      ctx.set(path, Object.keys(next).length ? next : opts.optional ? undefined : '');
      return;
    }
    const next = { ...(current as Record<string, string>) };
    if (typed) next[locale] = typed;
    else delete next[locale];
    ctx.set(path, Object.keys(next).length ? next : opts.optional ? undefined : '');
  };
  const errors = [...errorsOf(ctx, path), ...errorsOf(ctx, [...path, locale])];
  const describedBy = [
    ...(errorsOf(ctx, path).length ? [`${id}-error`] : []),
    ...(errorsOf(ctx, [...path, locale]).length ? [`${fieldId([...path, locale])}-error`] : []),
    ...(missing ? [`${id}-missing`] : []),
  ].join(' ');
  const placeholder = missing ? resolveText(value as LocalizedText, locale, fallback) : opts.placeholder;
  const common = {
    id,
    placeholder: placeholder || nothing,
    invalid: errors.length > 0 ? 'true' : 'false',
    describedBy: describedBy || nothing,
  };
  return html`<div class="field${missing ? ' missing-translation' : ''}" data-locale=${locale}>
    <label for=${id}
      >${label} <span class="locale-tag" lang=${locale}>${locale.toUpperCase()}</span>${
        opts.optional ? html` <span class="muted">${t('editorOptional')}</span>` : nothing
      }</label
    >
    ${
      opts.multiline
        ? html`<textarea
            id=${common.id}
            rows="2"
            lang=${locale}
            .value=${text}
            placeholder=${common.placeholder}
            aria-invalid=${common.invalid}
            aria-describedby=${common.describedBy}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id=${common.id}
            type="text"
            lang=${locale}
            .value=${text}
            placeholder=${common.placeholder}
            aria-invalid=${common.invalid}
            aria-describedby=${common.describedBy}
            @input=${onInput}
          />`
    }
    ${missing ? html`<p class="missing-mark" id="${id}-missing">${t('localeMissingHere', localeName(locale))}</p>` : nothing}
    ${errorBlock(ctx, path)} ${errorBlock(ctx, [...path, locale])}
  </div>`;
}

export function numberField(
  ctx: FormContext,
  path: FieldPath,
  label: string,
  opts: { optional?: boolean; step?: string } = {},
): TemplateResult {
  const id = fieldId(path);
  const value = getField(ctx.draft, path);
  const onInput = (e: Event) => {
    const raw = (e.currentTarget as HTMLInputElement).value.trim();
    ctx.set(path, raw === '' ? (opts.optional ? undefined : null) : Number(raw));
  };
  return html`<div class="field">
    <label for=${id}
      >${label}${opts.optional ? html` <span class="muted">${t('editorOptional')}</span>` : nothing}</label
    >
    <input
      id=${id}
      type="number"
      step=${opts.step ?? 'any'}
      .value=${typeof value === 'number' ? String(value) : ''}
      aria-invalid=${errorsOf(ctx, path).length ? 'true' : 'false'}
      aria-describedby=${described(ctx, path)}
      @input=${onInput}
    />
    ${errorBlock(ctx, path)}
  </div>`;
}

/** A select; `none` (when given) is the label of "leave the field out". */
export function selectField(
  ctx: FormContext,
  path: FieldPath,
  label: string,
  options: [string, string][],
  opts: { none?: string; onPick?: (value: string | undefined) => void } = {},
): TemplateResult {
  const id = fieldId(path);
  const value = getField(ctx.draft, path);
  const current = typeof value === 'string' ? value : '';
  const known = options.some(([v]) => v === current);
  const onChange = (e: Event) => {
    const v = (e.currentTarget as HTMLSelectElement).value;
    const picked = v === '' && opts.none !== undefined ? undefined : v;
    if (opts.onPick) opts.onPick(picked);
    else ctx.set(path, picked);
  };
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select
      id=${id}
      aria-invalid=${errorsOf(ctx, path).length ? 'true' : 'false'}
      aria-describedby=${described(ctx, path)}
      @change=${onChange}
    >
      ${opts.none !== undefined ? html`<option value="" ?selected=${current === ''}>${opts.none}</option>` : nothing}
      ${!known && current !== '' ? html`<option value=${current} selected>${t('editorMissingTarget', current)}</option>` : nothing}
      ${!known && current === '' && opts.none === undefined ? html`<option value="" selected>${t('editorPickOne')}</option>` : nothing}
      ${options.map(([v, l]) => html`<option value=${v} ?selected=${v === current}>${l}</option>`)}
    </select>
    ${errorBlock(ctx, path)}
  </div>`;
}

/** Where a branch goes: a select of the flow's node ids (`endLabel`: the branch may be left out). */
export function targetField(ctx: FormContext, path: FieldPath, label: string, endLabel?: string): TemplateResult {
  const ids = Object.keys(ctx.draft.nodes ?? {});
  return selectField(
    ctx,
    path,
    label,
    ids.map((id) => [id, id]),
    endLabel !== undefined ? { none: endLabel } : {},
  );
}

export function checkField(ctx: FormContext, path: FieldPath, label: string): TemplateResult {
  const id = fieldId(path);
  return html`<div class="field check">
    <input
      id=${id}
      type="checkbox"
      .checked=${getField(ctx.draft, path) === true}
      aria-describedby=${described(ctx, path)}
      @change=${(e: Event) => ctx.set(path, (e.currentTarget as HTMLInputElement).checked)}
    />
    <label for=${id}>${label}</label>
    ${errorBlock(ctx, path)}
  </div>`;
}

/** Tags as comma-separated words; empty leaves the field out. */
export function tagsField(ctx: FormContext, path: FieldPath, label: string): TemplateResult {
  const id = fieldId(path);
  const value = getField(ctx.draft, path);
  const text = Array.isArray(value) ? value.join(', ') : '';
  const onChange = (e: Event) => {
    const words = (e.currentTarget as HTMLInputElement).value
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    ctx.set(path, words.length ? words : undefined);
  };
  const tagErrors = [...ctx.errors.keys()].filter(
    (k) => k === pathString(path) || k.startsWith(`${pathString(path)}[`),
  );
  return html`<div class="field">
    <label for=${id}>${label} <span class="muted">${t('editorTagsHint')}</span></label>
    <input
      id=${id}
      type="text"
      .value=${text}
      aria-invalid=${tagErrors.length ? 'true' : 'false'}
      aria-describedby=${tagErrors.length ? `${id}-error` : nothing}
      @change=${onChange}
    />
    ${tagErrors.length ? html`<p class="field-error" id="${id}-error">${tagErrors.map((k) => `${k.slice(pathString(path).length) || ''} ${ctx.errors.get(k)!.join(' ')}`.trim()).join(' ')}</p>` : nothing}
  </div>`;
}

/**
 * A nested structure (conditions of a branch, intents and their examples, variables set) edited
 * as a small JSON text: applied to the draft as soon as it parses; until then, the parse error is
 * shown under it and the draft keeps the last good value.
 */
export function jsonField(
  ctx: FormContext,
  path: FieldPath,
  label: string,
  opts: { optional?: boolean; hint?: string } = {},
): TemplateResult {
  const id = fieldId(path);
  const key = pathString(path);
  const raw = ctx.rawJson.get(key);
  const value = getField(ctx.draft, path);
  const text = raw?.text ?? (value === undefined ? '' : JSON.stringify(value, null, 2));
  const own = errorsOf(ctx, path);
  const nested = [...ctx.errors.entries()].filter(
    ([k]) => k.startsWith(key) && k !== key && (k[key.length] === '.' || k[key.length] === '['),
  );
  const messages = [
    ...(raw ? [raw.error] : []),
    ...own,
    ...nested.map(([k, m]) => `${colon(k.slice(key.length).replace(/^\./, ''))} ${m.join(' ')}`),
  ];
  const onInput = (e: Event) => {
    const v = (e.currentTarget as HTMLTextAreaElement).value;
    if (v.trim() === '' && opts.optional) {
      ctx.rawJson.delete(key);
      ctx.set(path, undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(v);
      ctx.rawJson.delete(key);
      ctx.set(path, parsed);
    } catch (error) {
      ctx.rawJson.set(key, { text: v, error: t('editorJsonFieldInvalid', (error as Error).message) });
      ctx.redraw();
    }
  };
  return html`<div class="field">
    <label for=${id}
      >${label}${opts.optional ? html` <span class="muted">${t('editorOptional')}</span>` : nothing}</label
    >
    ${opts.hint ? html`<p class="muted hint" id="${id}-hint">${opts.hint}</p>` : nothing}
    <textarea
      id=${id}
      class="code"
      rows=${Math.min(10, Math.max(2, text.split('\n').length))}
      spellcheck="false"
      .value=${text}
      aria-invalid=${messages.length ? 'true' : 'false'}
      aria-describedby=${[opts.hint ? `${id}-hint` : '', messages.length ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing}
      @input=${onInput}
    ></textarea>
    ${messages.length ? html`<p class="field-error" id="${id}-error" data-path=${key}>${messages.join(' ')}</p>` : nothing}
  </div>`;
}

/**
 * A list of items (replies, options, fields, ranges, branches) with move up/down, remove and
 * add; `min`/`max` disable remove/add at the model's limits.
 */
export function listEditor<T>(
  ctx: FormContext,
  path: FieldPath,
  title: string,
  item: (it: T, i: number) => TemplateResult,
  opts: { make: () => T; min: number; max: number; itemLabel: (i: number) => string; addLabel: string },
): TemplateResult {
  const value = getField(ctx.draft, path);
  const items = (Array.isArray(value) ? value : []) as T[];
  const add = () => ctx.set(path, [...items, opts.make()]);
  return html`<fieldset class="list-editor">
    <legend>${title}</legend>
    ${errorBlock(ctx, path)}
    <ol>
      ${items.map(
        (it, i) =>
          html`<li class="list-item">
            <div class="item-head">
              <strong>${opts.itemLabel(i)}</strong>
              <span class="spacer"></span>
              <button
                type="button"
                class="small"
                aria-label=${t('editorMoveUp', opts.itemLabel(i))}
                title=${t('editorMoveUp', opts.itemLabel(i))}
                ?disabled=${i === 0}
                @click=${() => ctx.move(path, i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                class="small"
                aria-label=${t('editorMoveDown', opts.itemLabel(i))}
                title=${t('editorMoveDown', opts.itemLabel(i))}
                ?disabled=${i === items.length - 1}
                @click=${() => ctx.move(path, i, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                class="small"
                aria-label=${t('editorRemoveItem', opts.itemLabel(i))}
                title=${t('editorRemoveItem', opts.itemLabel(i))}
                ?disabled=${items.length <= opts.min}
                @click=${() => ctx.set([...path, i], undefined)}
              >
                ✕
              </button>
            </div>
            ${item(it, i)}
          </li>`,
      )}
    </ol>
    <button type="button" class="small add" ?disabled=${items.length >= opts.max} @click=${add}>
      ${opts.addLabel}
    </button>
  </fieldset>`;
}
