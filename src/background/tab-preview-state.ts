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
  /** When the popup asked this tab for a pick: the one pick the tab's content script may report. */
  pickAskedAt?: number;
}

/** A pick must come within this long after the popup asked for it. */
export const PICK_WINDOW_MS = 10 * 60_000;

/**
 * Whether a tab may report a picked element now: only after the popup asked it to pick
 * (`picker/start`), once, and within `PICK_WINDOW_MS`. A content script reporting a pick at any
 * other time (a page that found a way to drive it, a stale picker) is refused.
 */
export function pickExpected(tab: TabPreview, now: number): boolean {
  return tab.pickAskedAt !== undefined && now >= tab.pickAskedAt && now - tab.pickAskedAt <= PICK_WINDOW_MS;
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
  if (value.pickAskedAt === undefined) delete value.pickAskedAt;
  if (Object.keys(value).length) next[String(tabId)] = value;
  else delete next[String(tabId)];
  return next;
}
