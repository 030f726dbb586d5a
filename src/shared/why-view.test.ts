import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordWhy } from './why-view.ts';
import { reason, type Reason } from '../core/rules/reason.ts';

const say = (r: Reason | string) => (typeof r === 'string' ? r : `${r.code}(${JSON.stringify(r.params ?? {})})`);

test("the visitor's why leaves out that the flow exists (the flow's internal id), and keeps every other check", () => {
  const view = wordWhy(
    {
      signal: reason('unknown'),
      rule: 'Leaving any other page',
      checks: [
        { label: reason('check-flow-exists'), detail: reason('value', { value: 'exit-offer' }) },
        { label: reason('check-first-seconds', { seconds: 3 }), detail: reason('seen-exit-exempt') },
        { label: 'An English check of an old trace', detail: 'as it was' },
      ],
    },
    say,
  );
  assert.deepEqual(
    [...view.checks, ...view.others].map((c) => c.label),
    ['An English check of an old trace', 'check-first-seconds({"seconds":3})'],
  );
  assert.ok(!JSON.stringify(view).includes('exit-offer'));
  assert.equal(view.rule, 'Leaving any other page');
});

test("the visitor's why shows the rule's conditions and limits first, and folds what only says nothing stood in the way", () => {
  const check = (code: Parameters<typeof reason>[0], params?: Record<string, string | number>) => ({
    label: reason(code, params),
    detail: reason('value', { value: code }),
  });
  const view = wordWhy(
    {
      signal: reason('unknown'),
      rule: 'Leaving any other page',
      checks: [
        check('check-site-on'),
        check('check-one-per-page'),
        check('check-not-snoozed'),
        check('check-not-over-fullscreen'),
        check('check-trigger', { trigger: 'exit-intent' }),
        check('check-site', { site: 'northwind.localhost' }),
        check('check-first-seconds', { seconds: 3 }),
        check('check-per-site-day', { max: 2 }),
        check('check-per-day', { max: 4 }),
        check('check-backoff-flow'),
        check('check-backoff-site'),
        check('check-freq-days', { days: 1 }),
        check('check-flow-exists'),
      ],
    },
    say,
  );
  const codes = (checks: { detail: string }[]) => checks.map((c) => /"value":"([^"]+)"/.exec(c.detail)![1]);
  assert.deepEqual(codes(view.checks), ['check-site', 'check-per-site-day', 'check-per-day', 'check-freq-days']);
  assert.deepEqual(codes(view.others), [
    'check-site-on',
    'check-one-per-page',
    'check-not-snoozed',
    'check-not-over-fullscreen',
    'check-trigger',
    'check-first-seconds',
    'check-backoff-flow',
    'check-backoff-site',
  ]);
});
