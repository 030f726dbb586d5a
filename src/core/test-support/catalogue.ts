/**
 * The shipped message catalogue (`assets/_locales/<lang>/messages.json`) for tests in Node: the
 * messages of a language, and reasons worded in it with the formatter the pages use, so tests of
 * the engine read its traces as a marketer would ("At most 2 per site per day").
 */
import fs from 'node:fs';
import { sayReason, type Words } from '../rules/reason-words.ts';
import type { Reason } from '../rules/reason.ts';

/** A language's messages, key → text. */
export function messagesOf(lang: string): Record<string, string> {
  const json = JSON.parse(
    fs.readFileSync(new URL(`../../../assets/_locales/${lang}/messages.json`, import.meta.url), 'utf8'),
  ) as Record<string, { message: string }>;
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v.message]));
}

/** Words over a language's messages, with chrome.i18n's substitution rules ($1…$9, $$). */
export function wordsOf(lang: string): Words {
  const messages = messagesOf(lang);
  return {
    lang,
    t: (key, ...subs) =>
      Object.hasOwn(messages, key)
        ? messages[key]!.replace(/\$(\$|[1-9])/g, (_m, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')))
        : key,
  };
}

const english = /* @__PURE__ */ wordsOf('en');

/** A reason (or an old trace's sentence) in English, as the pages show it. */
export const inEnglish = (r: Reason | string | undefined): string => (r === undefined ? '' : sayReason(r, english));

/** A check of a decision trace with its label and detail in English. */
export const checkInEnglish = (c: { label: Reason | string; passed: boolean; detail: Reason | string }) => ({
  label: inEnglish(c.label),
  passed: c.passed,
  detail: inEnglish(c.detail),
});
