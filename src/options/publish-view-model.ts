/**
 * "Publish to a site", worded without the DOM: whether the exported pack can show anything on a
 * site (a rule that is on, starting a flow the pack holds), and the `<script>` tag that adds the
 * site build (docs/embed.md) to a page.
 */
import type { FlowPack } from '../core/flows/flow-pack.ts';
import { ruleFlowIds, type Rule } from '../core/rules/rule-model.ts';
import { DEMO_SHOP_HOST } from '../core/rules/demo-shop.ts';

/** Where the downloaded pack is meant to be served on the site (the snippet's `data-pack`). */
export const PACK_FILE = 'tact-pack.json';

/** What a published pack would do on a site, or undefined when it would show nothing. */
export interface PublishSummary {
  flows: number;
  rules: number;
  /** The rules that are on and start a flow of the pack: what a site's visitors can meet. */
  rulesOn: number;
  /**
   * Rules on, with a flow of the pack, that are for the demo shop only (a site condition naming
   * it, as the default rules carry): on the marketer's site they show nothing, so they are not in
   * `rulesOn` and the page says how to change that.
   */
  demoShopOnly: number;
}

/** Whether a rule can show only on the bundled demo shop (its site condition names it). */
const forDemoShopOnly = (rule: Rule) =>
  rule.conditions.some((c) => c.kind === 'site' && c.host.toLowerCase() === DEMO_SHOP_HOST);

/**
 * The pack's summary for publishing; undefined when no rule is on with a flow of the pack (the
 * embed would load it and never show anything, so the page says what to do instead).
 */
export function publishSummary(pack: Pick<FlowPack, 'flows' | 'rules'>): PublishSummary | undefined {
  const flowIds = new Set(pack.flows.map((f) => f.id));
  const on = pack.rules.filter((r) => r.enabled && ruleFlowIds(r).some((id) => flowIds.has(id)));
  const demoShopOnly = on.filter(forDemoShopOnly).length;
  return on.length
    ? { flows: pack.flows.length, rules: pack.rules.length, rulesOn: on.length - demoShopOnly, demoShopOnly }
    : undefined;
}

/** A value made safe inside a double-quoted HTML attribute. */
const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The tag to paste into a site's pages: the site build from `folder` (where the marketer copied
 * dist/embed/, e.g. `/tact/` or a CDN URL), the pack at `/tact-pack.json`, and consent given
 * (the page explains when to remove it). `folder` is typed by the marketer, hence escaped.
 */
export function embedSnippet(folder: string): string {
  const base = folder.trim() || '/';
  const src = `${base}${base.endsWith('/') ? '' : '/'}tact-embed.js`;
  return `<script type="module" src="${attribute(src)}" data-pack="/${PACK_FILE}" data-consent="granted"></script>`;
}
