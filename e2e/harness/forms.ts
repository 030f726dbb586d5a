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

/** Names of about 40 characters, as marketers might write them in each language of Tact's interface. */
export const LONG_NAMES = {
  en: 'Trail tips after an article for hikers 2026',
  fr: 'Conseils de randonnée après un article du blog',
  ru: 'Советы по походам после статьи о треккинге',
};

/**
 * Chooses `value` in the `<select>` `selector` (of a Lit view: waits until it has settled) and
 * says how the closed select shows the choice: its width against its parent's (`full`, `within`,
 * or `past the edge`, a select sized to a long option going past a narrow popup), and the chosen
 * text written whole under it (`#<id>-name`, cut-choice.ts), or null when nothing is written or it
 * is cut itself. A closed select cuts a long name ("Trail tips after an ar") and cannot wrap.
 */
export function choiceShown(
  page: TactPage,
  selector: string,
  value: string,
): Promise<{ width: 'full' | 'within' | 'past the edge'; written: string | null }> {
  return page.evaluate(
    async ([sel, v]) => {
      const select = document.querySelector<HTMLSelectElement>(sel);
      if (!select) throw new Error(`no ${sel}`);
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      let view = select.parentElement;
      while (view && !('updateComplete' in view)) view = view.parentElement;
      if (view) while (!(await (view as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete));
      const box = select.getBoundingClientRect();
      const room = select.parentElement!.getBoundingClientRect();
      const name = document.getElementById(`${select.id}-name`);
      return {
        width:
          Math.abs(box.width - select.parentElement!.clientWidth) <= 1
            ? ('full' as const)
            : box.right <= room.right + 0.5
              ? ('within' as const)
              : ('past the edge' as const),
        written: name && !name.hidden && name.scrollWidth <= name.clientWidth ? name.textContent : null,
      };
    },
    [selector, value] as const,
  );
}
