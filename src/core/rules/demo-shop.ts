/**
 * The bundled demo shop (Northwind Outfitters) and the sites Tact's default rules are for.
 *
 * A fresh install must stay quiet on the web: the eight default rules carry one more condition,
 * "the page is on the demo shop", so they arm nothing and show nothing anywhere else. The demo
 * server is reached as `http://northwind.localhost:<port>/` (both browsers resolve every
 * `*.localhost` name to the loopback address without asking DNS), so the condition can name the
 * demo shop by its host whatever port `npm start -- --port N` or the test harness picked, while
 * another site on 127.0.0.1 or localhost (a marketer's own development server) never matches.
 *
 * The demo shop is also a sandbox for the interruption policy: what is shown or dismissed there is
 * charged to its own per-site budget and back-off only (see `policy.ts`), so trying the demo
 * never holds back a rule on another site.
 */
import type { Condition } from './rule-model.ts';

/** The demo shop's host name, on any port. */
export const DEMO_SHOP_HOST = 'northwind.localhost';

/**
 * The condition the default rules carry: the page is on the site `northwind.localhost`, any port
 * (a site condition, so the rule editor shows it in its Site field and "why" words it).
 */
export const DEMO_SHOP_CONDITION: Condition = { kind: 'site', host: DEMO_SHOP_HOST };

/** True when `origin` (or any URL) is on the demo shop, whatever its port. False for text that is no URL. */
export function isDemoShop(origin: string): boolean {
  try {
    return new URL(origin).hostname === DEMO_SHOP_HOST;
  } catch {
    return false;
  }
}
