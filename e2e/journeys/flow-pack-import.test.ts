/**
 * Journey: a marketer imports flow packs on the options page with the file picker. A broken pack
 * is refused with a message naming the field, and nothing changes; a valid one is written whole
 * and its rule starts its flow on the open demo page at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask, exitIntent } from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';

const flow = {
  id: 'autumn-offer',
  version: 1,
  name: 'Autumn offer',
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: 'Heading out this autumn?',
      replies: [
        { id: 'yes', label: 'Yes!', next: 'end' },
        { id: 'no', label: 'Not yet', next: 'end' },
      ],
    },
    end: { type: 'end', text: 'Have a good one.' },
  },
};
const rule = {
  id: 'autumn-exit',
  version: 2,
  name: 'Autumn exit',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [{ kind: 'url', match: 'prefix', pattern: '/fixtures/plain' }],
  flowId: 'autumn-offer',
  entry: 'panel',
  priority: 50,
  frequency: { every: 'page-view' },
};

function packFile(name: string, content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tact-pack-')), name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

journey('flow pack import on the options page', {}, (ctx) => {
  test('a broken pack is refused with the field named, and nothing changes', async () => {
    const options = await ctx.browser.openExtensionPage('options.html#settings');
    await options.waitFor('#pack-file');
    const before = await ask<{ flows: Flow[]; rules: Rule[] }>(options, 'workspace/get', null);
    const broken = {
      format: 'tact-flow-pack',
      version: 1,
      persona: { name: 'Sam', avatar: 'S' },
      flows: [
        {
          ...flow,
          nodes: {
            ...flow.nodes,
            ask: {
              ...flow.nodes.ask,
              replies: [{ id: 'yes', label: 'Yes!', next: 'nowhere' }, flow.nodes.ask.replies[1]],
            },
          },
        },
      ],
      rules: [rule],
    };
    await options.uploadFile('#pack-file', packFile('broken.json', broken));
    await options.waitFor('#pack-error');
    const message = await options.evaluate(() => document.querySelector('#pack-error')?.textContent ?? '');
    assert.match(message, /nothing was imported/);
    assert.match(
      message,
      /pack\.flows\[0\]\.nodes\.ask\.replies\[0\]\.next: Leads to the step “nowhere”, which does not exist/,
    );
    await options.uploadFile('#pack-file', packFile('not-json.json', '{ "format": "tact-flow-pack", '));
    await options.waitForFunction(() =>
      /not valid JSON/.test(document.querySelector('#pack-error')?.textContent ?? ''),
    );
    const after = await ask<{ flows: Flow[]; rules: Rule[] }>(options, 'workspace/get', null);
    assert.deepEqual(after.flows.map((f) => f.id).sort(), before.flows.map((f) => f.id).sort());
    assert.deepEqual(after.rules.map((r) => r.id).sort(), before.rules.map((r) => r.id).sort());
    await options.close();
  });

  test('a valid pack is imported whole and its rule works on the open page at once', async () => {
    const options = await ctx.browser.openExtensionPage('options.html#settings');
    const page = await ctx.visit('/fixtures/plain.html', options);
    await options.bringToFront();
    await options.waitFor('#pack-file');
    await options.uploadFile(
      '#pack-file',
      packFile('autumn.json', {
        format: 'tact-flow-pack',
        version: 1,
        name: 'Autumn',
        persona: { name: 'Sam', avatar: 'S' },
        flows: [flow],
        rules: [rule],
      }),
    );
    await options.waitFor('#pack-status');
    assert.match(
      await options.evaluate(() => document.querySelector('#pack-status')?.textContent ?? ''),
      /1 flow, 1 rule, and 0 segments/,
    );
    // Listed with the other flows (import lives in Settings, the lists under #flows).
    await options.evaluate(() => (location.hash = '#flows'));
    await options.waitFor('tr[data-flow="autumn-offer"]');
    // The open tab was told (plan/changed) and armed the new rule without a reload.
    await exitIntent(page);
    const overlay = await page.overlay();
    assert.match(
      await overlay.evaluate(() => document.querySelector('.bubble.bot')?.textContent ?? ''),
      /Heading out this autumn/,
    );
    await options.close();
    await page.close();
  });
});
