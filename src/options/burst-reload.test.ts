import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { burstReload } from './burst-reload.ts';

test('a burst of news reloads once, when it has been quiet for a moment', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    let reloads = 0;
    const burst = burstReload(() => reloads++, 250, 1000);
    burst.poke();
    mock.timers.tick(10);
    burst.poke();
    mock.timers.tick(249);
    assert.equal(reloads, 0);
    mock.timers.tick(1);
    assert.equal(reloads, 1);
    mock.timers.tick(5000);
    assert.equal(reloads, 1, 'nothing more without news');
  } finally {
    mock.timers.reset();
  }
});

test('news that never stops still reloads at least once a second, not only when it stops', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const at: number[] = [];
    const burst = burstReload(() => at.push(Date.now()), 250, 1000);
    for (let t = 0; t < 3000; t += 100) {
      burst.poke();
      mock.timers.tick(100);
    }
    // News every 100 ms from 0 to 2 900 ms: shown at 1 s, 2 s, and 3 s (the last news, 100 ms old).
    assert.deepEqual(at, [1000, 2000, 3000]);
    mock.timers.tick(5000);
    assert.equal(at.length, 3, 'nothing more once everything is shown');
  } finally {
    mock.timers.reset();
  }
});

test('cancel drops the pending reload', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    let reloads = 0;
    const burst = burstReload(() => reloads++, 250, 1000);
    burst.poke();
    burst.cancel();
    mock.timers.tick(2000);
    assert.equal(reloads, 0);
  } finally {
    mock.timers.reset();
  }
});
