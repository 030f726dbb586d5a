/**
 * Single-page-app navigation, the decision: did the route change? Pure, shared by the content
 * script's route watcher and unit tests.
 */

/**
 * What identifies a route: origin, path and query, plus the fragment only when it is a router's
 * (`#/cart`, `#!/cart`). Jumping to an anchor (`#reviews`) stays on the same page view.
 */
export function routeKey(href: string): string {
  const hash = href.indexOf('#');
  if (hash < 0) return href;
  const fragment = href.slice(hash);
  return /^#!?\//.test(fragment) ? href : href.slice(0, hash);
}
