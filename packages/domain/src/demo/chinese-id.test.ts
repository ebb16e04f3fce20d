import { describe, expect, it } from 'vitest';
import { idBirthDate, idCheckDigit, idGender, isValidIdNumber, makeIdNumber } from './chinese-id.js';
import { createRng } from './prng.js';

describe('resident ID numbers (GB 11643-1999)', () => {
  it('computes the check character of a published sample, including X', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(idCheckDigit('34052419800101001')).toBe('X');
    expect(idCheckDigit('44052418800101001')).toBe('4');
  });

  it('accepts a known valid ID number', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(idBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(idGender('11010519491231002X')).toBe('F');
  });

  it('rejects a wrong check character', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194912310020')).toBe(false);
  });

  it('rejects a lower-case x, bad lengths, non-digits and a region code starting with 0', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('11010519491231002XX')).toBe(false);
    expect(isValidIdNumber('1101051949123100AX')).toBe(false);
    const zeroRegion = '01010519491231002';
    expect(isValidIdNumber(zeroRegion + idCheckDigit(zeroRegion))).toBe(false);
  });

  it('rejects an impossible birth date even with a matching check character', () => {
    for (const first17 of ['11010519490230002', '11010519491301002', '11010518991231002']) {
      expect(isValidIdNumber(first17 + idCheckDigit(first17))).toBe(false);
    }
  });

  it('refuses to compute a check character for anything but 17 digits', () => {
    expect(() => idCheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => idCheckDigit('1101051949123100X')).toThrow(RangeError);
  });

  it('builds valid numbers whose 17th digit is odd for men and even for women', () => {
    const rng = createRng('ids');
    for (let i = 0; i < 500; i++) {
      const gender = rng.chance(0.5) ? 'M' : 'F';
      const id = makeIdNumber({
        regionCode: '650102',
        birthDate: '1988-02-29',
        sequence: rng.int(0, 999),
        gender,
      });
      expect(isValidIdNumber(id)).toBe(true);
      expect(id.startsWith('65010219880229')).toBe(true);
      expect(idGender(id)).toBe(gender);
    }
  });

  it('keeps the sequence when its parity already matches the gender', () => {
    expect(makeIdNumber({ regionCode: '110105', birthDate: '1949-12-31', sequence: 2, gender: 'F' })).toBe(
      '11010519491231002X',
    );
    expect(makeIdNumber({ regionCode: '110105', birthDate: '1949-12-31', sequence: 3, gender: 'F' })).toBe(
      '11010519491231002X',
    );
    expect(
      makeIdNumber({ regionCode: '110105', birthDate: '1949-12-31', sequence: 999, gender: 'M' }).slice(
        14,
        17,
      ),
    ).toBe('999');
  });

  it('refuses a bad region code, birth date or sequence', () => {
    const ok = { regionCode: '310115', birthDate: '1990-05-01', sequence: 1, gender: 'M' } as const;
    expect(() => makeIdNumber({ ...ok, regionCode: '31011' })).toThrow(RangeError);
    expect(() => makeIdNumber({ ...ok, regionCode: '010115' })).toThrow(RangeError);
    expect(() => makeIdNumber({ ...ok, birthDate: '1990-02-30' })).toThrow(RangeError);
    expect(() => makeIdNumber({ ...ok, sequence: 1000 })).toThrow(RangeError);
    expect(() => makeIdNumber({ ...ok, sequence: -1 })).toThrow(RangeError);
    expect(() => makeIdNumber({ ...ok, sequence: 1.5 })).toThrow(RangeError);
  });
});
