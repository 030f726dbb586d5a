/**
 * Filling the options page's forms as a person would: a field selected and typed over, an option
 * picked from a `<select>`, a route opened. Shared by the journeys that work through the forms.
 */
import type { TactPage } from './types.ts';

/** Picks an option of a `<select>` as a person would (focused, value set, `change` fired). */
export function choose(page: TactPage, selector: string, value: string): Promise<void> {
  return page.evaluate(
    ([sel, v]) => {
      const select = document.querySelector<HTMLSelectElement>(sel);
      if (!select) throw new Error(`no ${sel}`);
      select.focus();
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [selector, value] as const,
  );
}

/** Replaces the text of a field by typing, as a person would after selecting it. */
export async function retype(page: TactPage, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.evaluate((sel) => document.querySelector<HTMLInputElement>(sel)!.select(), selector);
  await page.type(text);
}

/** Opens a route of the options page (`#rule/…`) and waits until `ready` is on screen. */
export async function go(page: TactPage, hash: string, ready: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.waitFor(ready);
}

/**
 * A control's accessible description as a screen reader gets it from `aria-describedby`: the text
 * of each element it names, in its order, joined by spaces (whitespace collapsed); ids that name
 * nothing add nothing. Read the same way in both browsers (Firefox's driver has no accessibility tree).
 */
export function description(page: TactPage, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    const control = document.querySelector(sel);
    if (!control) throw new Error(`no ${sel}`);
    return (control.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  }, selector);
}
