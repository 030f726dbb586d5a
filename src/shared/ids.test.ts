import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pageViewIdNow, randomId } from './ids.ts';

/** The protocol's page view ids (`uuidSchema` in protocol.ts): 1–64 letters, digits and dashes. */
const PROTOCOL_ID = /^[A-Za-z0-9-]{1,64}$/;

describe('ids', () => {
  it('page view ids made without crypto fit the protocol and do not repeat', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = pageViewIdNow();
      assert.match(id, PROTOCOL_ID);
      ids.add(id);
    }
    assert.equal(ids.size, 20_000);
  });

  it('random ids are UUIDs', () => {
    assert.match(randomId(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
