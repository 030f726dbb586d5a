/**
 * The site build's analytics adapters with stand-ins for what a site runs: every chosen
 * destination gets the same event (GTM/GA4 dataLayer, PostHog, Segment/RudderStack's
 * analytics.track, the tact:event CustomEvent, a sendBeacon to the site's endpoint), nothing goes
 * where the site did not choose, and one destination that throws does not stop the others.
 */
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { destinationsIn, sendSiteEvent, type TactSiteEvent } from './analytics-adapters.ts';

const EVENT: TactSiteEvent = {
  event: 'tact_answered',
  flow: 'exit-offer',
  rule: 'exit-anywhere',
  variant: null,
  step: 'ask',
  answer: 'found',
  visitor: '00000000-0000-4000-8000-000000000001',
  page: '/shop/',
  at: '2026-12-03T12:00:00.000Z',
};
const { event: _name, ...PROPERTIES } = EVENT;

let site: Record<string, unknown>;
let custom: CustomEvent[];
let beacons: [string, string][];

beforeEach(() => {
  site = {};
  custom = [];
  beacons = [];
  Object.assign(globalThis, {
    window: site,
    dispatchEvent: (e: Event) => custom.push(e as CustomEvent) > 0,
  });
  Object.defineProperty(globalThis, 'navigator', {
    value: { sendBeacon: (url: string, body: string) => beacons.push([url, body]) > 0 },
    configurable: true,
  });
});

afterEach(() => {
  for (const name of ['window', 'dispatchEvent', 'navigator']) Reflect.deleteProperty(globalThis, name);
});

describe('sendSiteEvent', () => {
  it('sends the same event to every chosen destination, in its own shape', () => {
    const posthog: unknown[] = [];
    const segment: unknown[] = [];
    site.dataLayer = [{ event: 'gtm.js' }];
    site.posthog = { capture: (name: string, props: object) => posthog.push([name, props]) };
    site.analytics = { track: (name: string, props: object) => segment.push([name, props]) };
    sendSiteEvent({ destinations: ['dataLayer', 'posthog', 'segment'], beacon: '/collect/tact' }, EVENT);
    assert.deepEqual(site.dataLayer, [{ event: 'gtm.js' }, { event: 'tact_answered', tact: PROPERTIES }]);
    assert.deepEqual(posthog, [['tact_answered', PROPERTIES]]);
    assert.deepEqual(segment, [['tact_answered', PROPERTIES]]);
    assert.equal(custom.length, 1);
    assert.equal(custom[0]!.type, 'tact:event');
    assert.deepEqual(custom[0]!.detail, EVENT);
    assert.deepEqual(beacons, [['/collect/tact', JSON.stringify(EVENT)]]);
  });

  it('only the CustomEvent where the site chose nothing; a dataLayer is made when missing', () => {
    const posthog = mock.fn();
    site.posthog = { capture: posthog };
    sendSiteEvent({ destinations: [] }, EVENT);
    assert.equal(custom.length, 1);
    assert.equal(posthog.mock.callCount(), 0);
    assert.deepEqual(beacons, []);
    assert.equal(site.dataLayer, undefined);
    sendSiteEvent({ destinations: ['dataLayer'] }, EVENT);
    assert.deepEqual(site.dataLayer, [{ event: 'tact_answered', tact: PROPERTIES }]);
  });

  it('a destination that throws does not stop the others', () => {
    const warn = mock.method(console, 'warn', () => {});
    try {
      const segment: unknown[] = [];
      site.posthog = {
        capture: () => {
          throw new Error('blocked by an ad blocker');
        },
      };
      site.analytics = { track: (name: string) => segment.push(name) };
      sendSiteEvent({ destinations: ['posthog', 'segment'] }, EVENT);
      assert.deepEqual(segment, ['tact_answered']);
      assert.equal(warn.mock.callCount(), 1);
    } finally {
      warn.mock.restore();
    }
  });
});

describe('destinationsIn', () => {
  it('reads a space- or comma-separated list and drops unknown names', () => {
    assert.deepEqual(destinationsIn('dataLayer posthog,segment, mixpanel'), ['dataLayer', 'posthog', 'segment']);
    assert.deepEqual(destinationsIn(undefined), []);
  });
});
