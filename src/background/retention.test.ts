/**
 * Retention on fake-indexeddb and its daily alarm: the alarm is there after every background
 * start (browsers drop alarms over a restart), and an existing schedule is left alone.
 */
import 'fake-indexeddb/auto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureRetentionAlarm, RETENTION_ALARM, type AlarmsApi } from './retention.ts';

/** Alarms as a browser keeps them; `restart()` drops them all, as Firefox does over a restart. */
function fakeAlarms() {
  const alarms = new Map<string, Pick<chrome.alarms.Alarm, 'name' | 'scheduledTime' | 'periodInMinutes'>>();
  let clock = 1_000_000;
  const api: AlarmsApi = {
    get: (name) => Promise.resolve(alarms.get(name)),
    create: (name, info) => {
      alarms.set(name, {
        name,
        scheduledTime: clock + (info.delayInMinutes ?? 0) * 60_000,
        periodInMinutes: info.periodInMinutes,
      });
    },
  };
  return {
    api,
    alarms,
    advance: (ms: number) => (clock += ms),
    restart: () => alarms.clear(),
  };
}

describe('the retention alarm', () => {
  test('is created at the first start, and again after a browser restart dropped it', async () => {
    const browser = fakeAlarms();
    assert.equal(await ensureRetentionAlarm(browser.api), true);
    assert.equal(browser.alarms.get(RETENTION_ALARM)?.periodInMinutes, 24 * 60);
    browser.restart();
    assert.equal(browser.alarms.size, 0);
    assert.equal(await ensureRetentionAlarm(browser.api), true, 'the start after the restart re-creates it');
    assert.ok(browser.alarms.has(RETENTION_ALARM));
  });

  test('a background that restarts often does not push retention back', async () => {
    const browser = fakeAlarms();
    await ensureRetentionAlarm(browser.api);
    const scheduled = browser.alarms.get(RETENTION_ALARM)!.scheduledTime;
    for (let i = 0; i < 10; i++) {
      browser.advance(30_000); // a service worker stopped after 30 s idle and woken again
      assert.equal(await ensureRetentionAlarm(browser.api), false);
    }
    assert.equal(browser.alarms.get(RETENTION_ALARM)!.scheduledTime, scheduled);
  });
});
