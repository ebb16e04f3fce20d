import { describe, expect, it } from 'vitest';
import { isTimeZone } from '../calendar/business-date.js';
import { makeEmployerName, TRADE_NAMES, TRADES } from './employers.js';
import { FEMALE_GIVEN_CHARS, MALE_GIVEN_CHARS, makeFullName, makeGivenName, SURNAMES } from './names.js';
import { createRng } from './prng.js';
import { COMPOUND_NAMES, makeAddress, REGIONS, STREET_NAMES } from './regions.js';

describe('name tables', () => {
  it('lists about 80 distinct single-character surnames led by 王, 李 and 张', () => {
    const names = SURNAMES.map(([s]) => s);
    expect(names.length).toBeGreaterThanOrEqual(80);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((s) => [...s].length === 1)).toBe(true);
    expect(names.slice(0, 3)).toEqual(['王', '李', '张']);
    expect(SURNAMES.every(([, w]) => w > 0)).toBe(true);
  });

  it('keeps male and female given-name characters apart, about 150 in all', () => {
    expect(MALE_GIVEN_CHARS.length + FEMALE_GIVEN_CHARS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(MALE_GIVEN_CHARS).size).toBe(MALE_GIVEN_CHARS.length);
    expect(new Set(FEMALE_GIVEN_CHARS).size).toBe(FEMALE_GIVEN_CHARS.length);
    expect(MALE_GIVEN_CHARS.filter((c) => FEMALE_GIVEN_CHARS.includes(c))).toEqual([]);
  });

  it('gives one- or two-character given names drawn from the gender’s characters', () => {
    const rng = createRng('names');
    for (let i = 0; i < 1_000; i++) {
      const gender = rng.chance(0.5) ? 'M' : 'F';
      const given = [...makeGivenName(rng, gender)];
      expect(given.length === 1 || given.length === 2).toBe(true);
      const pool = gender === 'M' ? MALE_GIVEN_CHARS : FEMALE_GIVEN_CHARS;
      expect(given.every((c) => pool.includes(c))).toBe(true);
      expect([...makeFullName(rng, gender)].length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('region tables', () => {
  it('uses distinct 6-digit division codes whose province prefix matches the province', () => {
    const provincePrefix: Record<string, string> = {};
    for (const r of REGIONS) {
      expect(r.code).toMatch(/^[1-8]\d{5}$/);
      const prefix = r.code.slice(0, 2);
      provincePrefix[r.province] ??= prefix;
      expect(provincePrefix[r.province]).toBe(prefix);
      expect(r.city.endsWith('市')).toBe(true);
      expect(r.city.startsWith(r.cityShort)).toBe(true);
      expect(r.weight).toBeGreaterThan(0);
    }
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(REGIONS.length);
    expect(REGIONS.length).toBeGreaterThanOrEqual(25);
  });

  it('knows the named districts by their real codes', () => {
    const byCode = new Map(REGIONS.map((r) => [r.code, r]));
    expect(byCode.get('110105')?.district).toBe('朝阳区');
    expect(byCode.get('310115')?.district).toBe('浦东新区');
    expect(byCode.get('440305')?.district).toBe('南山区');
    expect(byCode.get('650102')?.district).toBe('天山区');
  });

  it('puts Xinjiang on Asia/Urumqi and everywhere else on Asia/Shanghai', () => {
    for (const r of REGIONS) {
      expect(isTimeZone(r.timeZone)).toBe(true);
      expect(r.timeZone).toBe(r.code.startsWith('65') ? 'Asia/Urumqi' : 'Asia/Shanghai');
    }
  });

  it('builds addresses that start with the region and name a street', () => {
    const rng = createRng('addresses');
    for (const r of REGIONS) {
      const address = makeAddress(rng, r);
      const head = (r.province === r.city ? r.city : r.province + r.city) + r.district;
      expect(address.startsWith(head)).toBe(true);
      expect(STREET_NAMES.some((s) => address.includes(s))).toBe(true);
      expect(address).toMatch(/\d+号/);
      expect(address.endsWith('室')).toBe(true);
    }
    expect(COMPOUND_NAMES.length).toBeGreaterThan(10);
  });

  it('names employers as city + trade name + trade + company form', () => {
    const rng = createRng('employers');
    for (let i = 0; i < 200; i++) {
      const name = makeEmployerName(rng, '杭州');
      expect(name).toMatch(/^杭州.+(有限公司|股份有限公司)$/);
      expect(TRADE_NAMES.some((t) => name.includes(t))).toBe(true);
      expect(TRADES.some((t) => name.includes(t))).toBe(true);
    }
  });
});
