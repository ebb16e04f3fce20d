import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('time-ordered ids', () => {
  it('are valid UUIDv7 and sort in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newId(1_795_000_000_000 + Math.floor(i / 1000)));
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
