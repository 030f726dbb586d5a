/**
 * The site build's entry over one run, in a stand-in page (Node, fake-indexeddb): the pack is
 * checked whole once per run, however many page views count its A/B goals. The page is a
 * single-page app (its routes through the Navigation API's `currententrychange`) whose routes no
 * rule applies to, so only the goals count; the visitor met the test, so each route reaches one
 * goal and the site's PostHog hears it (which says the route's work is done).
 */
import 'fake-indexeddb/auto';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Rule } from '../core/rules/rule-model.ts';
import { forgetVisitor, updateVisitor } from './embed-store.ts';
import { withExposureOf } from './embed-experiments.ts';

const ORIGIN = 'https://shop.example';
const ROUTES = ['/fixtures/spa/b', '/fixtures/spa/c', '/fixtures/spa/d'];

const raw = JSON.parse(readFileSync(new URL('../../e2e/fixtures/embed-spa-pack.json', import.meta.url), 'utf8')) as {
  rules: Rule[];
};
const split = raw.rules.find((r) => r.id === 'spa-split')!;
// One URL goal per route, so that each page view is heard.
split.goals = ROUTES.map((path, i) => ({
  id: `reach-${i}`,
  kind: 'url',
  match: 'prefix',
  pattern: path,
  withinDays: 7,
}));

after(() => forgetVisitor());

test('one run, three page views counting URL goals: the pack is checked once', async () => {
  const location = { href: `${ORIGIN}${ROUTES[0]}` };
  const navigation = new EventTarget();
  const goals: unknown[] = [];
  Object.assign(globalThis, {
    document: { documentElement: { setAttribute: () => {} }, querySelectorAll: () => [] },
    location,
    navigation,
    addEventListener: () => {},
    dispatchEvent: () => true,
    window: { posthog: { capture: (_event: string, p: { answer: unknown }) => goals.push(p.answer) } },
  });
  /** How many times the whole pack was checked: `checkPack` reads its `format` once per check. */
  let checks = 0;
  const pack = new Proxy(raw, {
    get: (target, key, receiver) => {
      if (key === 'format') checks++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  await updateVisitor(ORIGIN, (v) => ({
    visitor: withExposureOf(v, split.id, 'none', Date.now() - 1000),
    result: null,
  }));
  const heard = async (n: number) => {
    for (const until = Date.now() + 5000; goals.length < n; await new Promise((r) => setTimeout(r, 5)))
      if (Date.now() > until) assert.fail(`${n} goals expected, ${goals.length} heard`);
  };
  const { consent, start } = await import('./tact-embed.ts');
  start({ pack, analytics: ['posthog'] });
  consent(true);
  await heard(1);
  for (const [i, path] of ROUTES.entries()) {
    if (i === 0) continue;
    location.href = `${ORIGIN}${path}`;
    navigation.dispatchEvent(new Event('currententrychange'));
    await heard(i + 1);
  }
  assert.deepEqual(goals, ['reach-0', 'reach-1', 'reach-2']);
  assert.equal(checks, 1, 'checked once, for the first page view; the later ones reuse it');
  consent(false);
});
