import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordWhy } from './why-view.ts';
import { reason, type Reason } from '../core/rules/reason.ts';

const say = (r: Reason | string) => (typeof r === 'string' ? r : `${r.code}(${JSON.stringify(r.params ?? {})})`);

test("the visitor's why leaves out that the flow exists (the flow's internal id), and keeps every other check in order", () => {
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
    view.checks.map((c) => c.label),
    ['check-first-seconds({"seconds":3})', 'An English check of an old trace'],
  );
  assert.ok(!JSON.stringify(view).includes('exit-offer'));
  assert.equal(view.rule, 'Leaving any other page');
});
