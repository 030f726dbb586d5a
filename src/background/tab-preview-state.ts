/**
 * Per-tab preview state, kept in `meta` under one key so it survives a stopped background: who
 * the marketer acts as on a tab, and the element last picked there (the popup closes while the
 * marketer picks, so the picker's result waits here until the popup is opened again).
 */
import type { ActAs } from '../core/rules/preview-overrides.ts';

export const PREVIEW_META_KEY = 'previewByTab';

export interface TabPreview {
  actAs?: ActAs;
  picked?: { selector: string; label: string; url: string; at: number };
}

/** Stored as `{ [tabId]: TabPreview }`. */
export type PreviewMeta = Record<string, TabPreview>;

export function readTabPreview(meta: PreviewMeta | undefined, tabId: number): TabPreview {
  return meta && Object.hasOwn(meta, String(tabId)) ? meta[String(tabId)]! : {};
}

/** The stored map with one tab's state changed (a tab with nothing left is dropped). */
export function withTabPreview(
  meta: PreviewMeta | undefined,
  tabId: number,
  change: (t: TabPreview) => TabPreview,
): PreviewMeta {
  const next = { ...meta };
  const value = change({ ...readTabPreview(meta, tabId) });
  if (value.actAs === undefined) delete value.actAs;
  if (value.picked === undefined) delete value.picked;
  if (Object.keys(value).length) next[String(tabId)] = value;
  else delete next[String(tabId)];
  return next;
}
