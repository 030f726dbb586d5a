import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localDriver, previewLocale, type PreviewEnd } from './local-driver.ts';
import { wordsIn } from '../shared/i18n.ts';
import { DEFAULT_FLOWS } from '../core/flows/default-pack.ts';
import { TactError } from '../shared/protocol.ts';

const flow = (id: string) => DEFAULT_FLOWS.find((f) => f.id === id)!;

test('plays a flow locally: replies, typed answers (refused ones as the background refuses them), the end', async () => {
  const ended: PreviewEnd[] = [];
  const d = localDriver(flow('article-newsletter'), (r) => ended.push(r), 'fr');
  assert.equal(d.keyScope, 'element');
  const v0 = await d.attach();
  assert.equal(v0.preview, true);
  assert.equal(v0.persona.name, 'Sam de Northwind');
  assert.equal(v0.step.kind, 'choice');
  const yes = v0.step.kind === 'choice' ? v0.step.replies[0]!.id : '';
  const v1 = await d.reply(v0.nodeId, yes);
  assert.equal(v1.step.kind, 'input');
  await assert.rejects(
    d.answer(v1.nodeId, 'not an email'),
    (e: unknown) => e instanceof TactError && e.message === 'invalid:email',
  );
  const v2 = await d.answer(v1.nodeId, 'sam@example.com');
  assert.equal(v2.status, 'completed');
  assert.equal((await d.reply(v0.nodeId, yes)).nodeId, v2.nodeId, 'a stale step changes nothing');
  await d.close('finished');
  assert.deepEqual(ended, ['finished']);
});

test('a link to a path of the site has no site here: the button only moves on', async () => {
  const d = localDriver(flow('product-finder'), () => {});
  let v = await d.attach();
  while (v.step.kind === 'choice') v = await d.reply(v.nodeId, v.step.replies[0]!.id);
  assert.equal(v.step.kind, 'action');
  if (v.step.kind === 'action') assert.equal(v.step.action.url, undefined);
  const after = await d.act(v.nodeId);
  assert.notEqual(after.nodeId, v.nodeId);
});

test('the panel speaks the words it is given (the conversation language’s), its "why" too', async () => {
  const fr = wordsIn('fr', { editorPreviewSignal: 'l’aperçu de l’éditeur', editorPreviewRule: 'aucune règle' });
  const d = localDriver(flow('greeter'), () => {}, 'fr', fr);
  assert.equal(d.words, fr);
  assert.deepEqual(await d.why(), { signal: 'l’aperçu de l’éditeur', rule: 'aucune règle', checks: [], others: [] });
  assert.equal((await d.attach()).locale, previewLocale(flow('greeter'), 'fr'));
  assert.equal(previewLocale(flow('greeter'), 'fr'), 'fr');
  assert.equal(
    previewLocale({ ...flow('greeter'), nodes: {}, defaultLocale: 'ru' }, 'fr'),
    'ru',
    'no text: its default',
  );
});
