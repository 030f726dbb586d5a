/**
 * The site build's route watcher in a stand-in page (Node): without the Navigation API the page's
 * own pushState/replaceState are wrapped, still called with their `this` and arguments, still
 * returning (or throwing) what they did, and unwrapped when the embed stops; popstate and
 * hashchange are heard; an anchor jump or the same URL again is not a route change. With the
 * Navigation API, history is left alone.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { watchRoutes } from './spa-routes.ts';

class FakeHistory {
  calls: unknown[][] = [];
  /** Returns the call's number: the wrapper must hand back whatever the page's function returned. */
  pushState(this: FakeHistory, _state: unknown, _unused: string, url?: string): number {
    this.calls.push(['push', url]);
    if (url === 'https://other.example/') throw new DOMException('cross-origin', 'SecurityError');
    if (url) page.location.href = new URL(url, page.location.href).href;
    return this.calls.length;
  }
  replaceState(this: FakeHistory, _state: unknown, _unused: string, url?: string): string {
    this.calls.push(['replace', url]);
    if (url) page.location.href = new URL(url, page.location.href).href;
    return 'what the page returned';
  }
}

const page = { location: { href: 'https://shop.example/' } };
/** The function now at `history[name]`, compared, not called. */
const methodOf = (name: 'pushState' | 'replaceState'): unknown => Reflect.get(history, name);
let history: FakeHistory;
let window: EventTarget;

beforeEach(() => {
  page.location.href = 'https://shop.example/';
  history = new FakeHistory();
  window = new EventTarget();
  Object.assign(globalThis, {
    location: page.location,
    history,
    addEventListener: (...args: Parameters<EventTarget['addEventListener']>) => window.addEventListener(...args),
  });
});

afterEach(() => {
  for (const name of ['location', 'history', 'addEventListener', 'navigation'])
    Reflect.deleteProperty(globalThis, name);
});

describe('watchRoutes without the Navigation API', () => {
  it("wraps the page's history calls transparently and hears each route change once", () => {
    const own = { push: methodOf('pushState'), replace: methodOf('replaceState') };
    const stop = new AbortController();
    let changes = 0;
    watchRoutes(stop.signal, () => changes++);
    assert.notEqual(methodOf('pushState'), own.push);

    assert.equal(history.pushState({ a: 1 }, '', '/cart'), 1);
    assert.equal(changes, 1);
    assert.equal(history.replaceState(null, '', '/cart?step=2'), 'what the page returned', 'returns what it returned');
    assert.equal(changes, 2);
    history.pushState(null, '', '/cart?step=2'); // the same URL again
    history.pushState(null, '', '/cart?step=2#reviews'); // an anchor
    assert.equal(changes, 2);
    assert.throws(() => history.pushState(null, '', 'https://other.example/'), { name: 'SecurityError' });
    assert.deepEqual(
      history.calls.map((c) => c[0]),
      ['push', 'replace', 'push', 'push', 'push'],
      'every call reached the page',
    );

    // Back/forward and hash routers.
    page.location.href = 'https://shop.example/';
    window.dispatchEvent(new Event('popstate'));
    page.location.href = 'https://shop.example/#/account';
    window.dispatchEvent(new Event('hashchange'));
    assert.equal(changes, 4);

    stop.abort();
    assert.equal(methodOf('pushState'), own.push, 'unwrapped when the embed stops');
    assert.equal(methodOf('replaceState'), own.replace);
    history.pushState(null, '', '/later');
    window.dispatchEvent(new Event('popstate'));
    assert.equal(changes, 4);
  });

  it('leaves a wrapper the page added after its own in place when it stops', () => {
    const stop = new AbortController();
    watchRoutes(stop.signal, () => {});
    const pagesOwn = (): number => 0;
    history.pushState = pagesOwn;
    stop.abort();
    assert.equal(methodOf('pushState'), pagesOwn);
  });
});

describe('watchRoutes with the Navigation API', () => {
  it('listens to currententrychange and leaves history alone', () => {
    const navigation = new EventTarget();
    Object.assign(globalThis, { navigation });
    const own = methodOf('pushState');
    let changes = 0;
    watchRoutes(new AbortController().signal, () => changes++);
    assert.equal(methodOf('pushState'), own);
    page.location.href = 'https://shop.example/checkout';
    navigation.dispatchEvent(new Event('currententrychange'));
    navigation.dispatchEvent(new Event('currententrychange'));
    assert.equal(changes, 1);
  });
});
