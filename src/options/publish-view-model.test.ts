/** "Publish to a site": when a pack can show something on a site, and the snippet to paste. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedSnippet, publishSummary } from './publish-view-model.ts';
import type { FlowPack } from '../core/flows/flow-pack.ts';

type Parts = Pick<FlowPack, 'flows' | 'rules'>;
const flow = (id: string) => ({ id }) as Parts['flows'][number];
const rule = (id: string, enabled: boolean, more: object) =>
  ({ id, enabled, conditions: [] as Parts['rules'][number]['conditions'], ...more }) as Parts['rules'][number];

test('publishSummary: a rule that is on and starts a flow of the pack is what makes a pack publishable', () => {
  assert.equal(publishSummary({ flows: [], rules: [] }), undefined, 'an empty workspace');
  assert.equal(
    publishSummary({ flows: [flow('f')], rules: [rule('r', false, { flowId: 'f' })] }),
    undefined,
    'every rule off',
  );
  assert.equal(
    publishSummary({ flows: [flow('f')], rules: [rule('r', true, { flowId: 'gone' })] }),
    undefined,
    'a rule on whose flow is not in the pack',
  );
  assert.deepEqual(
    publishSummary({
      flows: [flow('f'), flow('g')],
      rules: [
        rule('r', true, { flowId: 'f' }),
        rule('off', false, { flowId: 'g' }),
        rule('ab', true, {
          variants: [
            { id: 'a', flowId: 'g', weight: 1 },
            { id: 'b', flowId: null, weight: 1 },
          ],
        }),
      ],
    }),
    { flows: 2, rules: 3, rulesOn: 2, demoShopOnly: 0 },
  );
});

test('publishSummary: a rule for the demo shop only (as every default rule) cannot show on a site, and is counted apart', () => {
  const demo = { conditions: [{ kind: 'site', host: 'northwind.localhost' }] };
  assert.deepEqual(
    publishSummary({
      flows: [flow('f')],
      rules: [
        rule('demo', true, { flowId: 'f', ...demo }),
        rule('demo-off', false, { flowId: 'f', ...demo }),
        rule('mine', true, { flowId: 'f', conditions: [{ kind: 'site', host: 'shop.example' }] }),
      ],
    }),
    { flows: 1, rules: 3, rulesOn: 1, demoShopOnly: 1 },
  );
  assert.deepEqual(
    publishSummary({ flows: [flow('f')], rules: [rule('demo', true, { flowId: 'f', ...demo })] }),
    { flows: 1, rules: 1, rulesOn: 0, demoShopOnly: 1 },
    'a fresh install: nothing for the site, and the page says why',
  );
});

test('embedSnippet: the site build from the chosen folder, the pack, consent; what is typed is escaped', () => {
  assert.equal(
    embedSnippet('/tact/'),
    '<script type="module" src="/tact/tact-embed.js" data-pack="/tact-pack.json" data-consent="granted"></script>',
  );
  assert.match(embedSnippet('https://cdn.example/tact'), /src="https:\/\/cdn\.example\/tact\/tact-embed\.js"/);
  assert.match(embedSnippet('  '), /src="\/tact-embed\.js"/, 'nothing typed: the site root');
  const hostile = embedSnippet('/x"><img src=x onerror=alert(1)>/');
  assert.equal(hostile.split('"').length - 1, 8, 'a typed quote cannot close the attribute: four attributes, 8 quotes');
  assert.match(hostile, /src="\/x&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;\/tact-embed\.js"/);
});
