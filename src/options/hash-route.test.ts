import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoute, routeHash, routeSection, type Route } from './hash-route.ts';

test('routes: every route reads back from its own fragment', () => {
  const routes: Route[] = [
    { view: 'flows' },
    { view: 'flow', id: 'exit-offer' },
    { view: 'flow', id: 'a b/c' },
    { view: 'flow-new', template: 'quiz-contest' },
    { view: 'rule', id: 'exit-checkout' },
    { view: 'rule-new', flowId: 'greeter' },
    { view: 'results' },
    { view: 'results', flowId: 'exit-offer' },
    { view: 'settings' },
    { view: 'welcome' },
  ];
  for (const r of routes) assert.deepEqual(parseRoute(routeHash(r)), r);
});

test('routes: empty, unknown and incomplete fragments fall back to the lists', () => {
  for (const h of ['', '#', '#nope', '#flow', '#flow/', '#rule/'])
    assert.deepEqual(parseRoute(h), { view: 'flows' }, h);
  assert.deepEqual(parseRoute('#flow/new'), { view: 'flow-new', template: '' });
  assert.deepEqual(parseRoute('#flow/%E0%A4'), { view: 'flow', id: '%E0%A4' });
});

test('routes: section for the navigation', () => {
  assert.equal(routeSection({ view: 'rule', id: 'x' }), 'flows');
  assert.equal(routeSection({ view: 'flow-new', template: 'x' }), 'flows');
  assert.equal(routeSection({ view: 'settings' }), 'settings');
  assert.equal(routeSection({ view: 'welcome' }), 'welcome');
});
