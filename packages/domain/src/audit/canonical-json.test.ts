import { describe, expect, it } from 'vitest';
import { auditHashInput, canonicalJson } from './canonical-json.js';

describe('canonical JSON', () => {
  it('orders keys so equal objects serialize identically', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('drops undefined fields and refuses non-finite numbers', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(RangeError);
  });

  it('links the previous hash into the hashed text', () => {
    const content = {
      seq: 1,
      at: '2026-11-28T00:00:00.000Z',
      actorId: null,
      actorUsername: null,
      action: 'x',
      targetType: 't',
      targetId: null,
      before: null,
      after: null,
      requestId: null,
    };
    expect(auditHashInput('a', content)).not.toBe(auditHashInput('b', content));
  });
});
