import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { routeKey } from './route-key.ts';

describe('route changes (single-page apps)', () => {
  test('a new path or query is a new route', () => {
    assert.notEqual(routeKey('https://a.example/shop'), routeKey('https://a.example/shop/b'));
    assert.notEqual(routeKey('https://a.example/shop?page=1'), routeKey('https://a.example/shop?page=2'));
  });
  test("an anchor jump is not; a hash router's fragment is", () => {
    assert.equal(routeKey('https://a.example/doc#reviews'), routeKey('https://a.example/doc'));
    assert.notEqual(routeKey('https://a.example/#/cart'), routeKey('https://a.example/#/home'));
    assert.notEqual(routeKey('https://a.example/#!/cart'), routeKey('https://a.example/#!/home'));
  });
});
