import { describe, expect, it } from 'vitest';
import { isMobileNumber, MOBILE_PREFIXES, makeMobile } from './phone.js';
import { createRng } from './prng.js';

describe('mobile numbers', () => {
  it('generates 11-digit numbers with a known prefix', () => {
    const rng = createRng('phones');
    for (let i = 0; i < 2_000; i++) {
      const mobile = makeMobile(rng);
      expect(mobile).toMatch(/^1\d{10}$/);
      expect(MOBILE_PREFIXES).toContain(mobile.slice(0, 3));
      expect(isMobileNumber(mobile)).toBe(true);
    }
  });

  it('draws from many prefixes, not just one', () => {
    const rng = createRng('spread');
    const prefixes = new Set(Array.from({ length: 2_000 }, () => makeMobile(rng).slice(0, 3)));
    expect(prefixes.size).toBe(MOBILE_PREFIXES.length);
  });

  it('leaves out the 174 satellite band and unassigned prefixes', () => {
    for (const prefix of ['174', '140', '154', '160', '179', '190', '192']) {
      expect(MOBILE_PREFIXES).not.toContain(prefix);
    }
    expect(MOBILE_PREFIXES).toEqual(
      expect.arrayContaining(['130', '139', '150', '166', '178', '189', '199']),
    );
  });

  it('rejects malformed numbers', () => {
    expect(isMobileNumber('13800138000')).toBe(true);
    expect(isMobileNumber('1380013800')).toBe(false);
    expect(isMobileNumber('138001380000')).toBe(false);
    expect(isMobileNumber('17400138000')).toBe(false);
    expect(isMobileNumber('12000138000')).toBe(false);
    expect(isMobileNumber('138-0013-8000')).toBe(false);
    expect(isMobileNumber('+8613800138000')).toBe(false);
  });
});
