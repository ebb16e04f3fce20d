import { describe, expect, it } from 'vitest';
import type { RepaymentMethod } from '../demo/demo-types.js';
import { type Fen, fen } from '../money/money.js';
import {
  buildSchedule,
  equalInstallmentPayment,
  REPAYMENT_METHODS,
  type ScheduleInput,
  scheduleAmounts,
  scheduleDueDates,
} from './repayment-schedule.js';

const base: ScheduleInput = {
  principalFen: fen(1_000_000), // 10,000.00 yuan
  annualRate: '0.12',
  termMonths: 12,
  method: 'equal_installment',
  disbursedOn: '2026-01-15',
  rounding: 'half-up',
};

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('buildSchedule', () => {
  it('equal installment: 10,000.00 yuan at 12%/yr over 12 months pays 888.49 a month', () => {
    const s = buildSchedule(base);
    expect(equalInstallmentPayment(fen(1_000_000), '0.12', 12)).toBe(88_849);
    expect(s).toHaveLength(12);
    for (const i of s.slice(0, 11)) expect(i.principalDueFen + i.interestDueFen).toBe(88_849);
    // The first month's interest is exactly 1% of the balance.
    expect(s[0]?.interestDueFen).toBe(10_000);
    // The last installment absorbs the rounding: 888.47.
    expect((s[11]?.principalDueFen ?? 0) + (s[11]?.interestDueFen ?? 0)).toBe(88_847);
  });

  it('equal installment total interest is 661.85 yuan to within a fen of per-month rounding', () => {
    const interest = sum(buildSchedule(base).map((i) => i.interestDueFen));
    expect(interest).toBe(66_186);
    expect(Math.abs(interest - 66_185)).toBeLessThanOrEqual(1);
  });

  it('equal principal repays the same principal monthly with interest on the falling balance', () => {
    const s = buildSchedule({ ...base, method: 'equal_principal' });
    expect(s.slice(0, 11).every((i) => i.principalDueFen === 83_333)).toBe(true);
    expect(s[11]?.principalDueFen).toBe(83_337);
    expect(s[0]?.interestDueFen).toBe(10_000);
    expect(s[11]?.interestDueFen).toBe(833);
    expect(sum(s.map((i) => i.interestDueFen))).toBe(65_000);
  });

  it('interest first charges flat monthly interest and all principal at the end', () => {
    const s = buildSchedule({ ...base, method: 'interest_first' });
    expect(s.every((i) => i.interestDueFen === 10_000)).toBe(true);
    expect(s.slice(0, 11).every((i) => i.principalDueFen === 0)).toBe(true);
    expect(s[11]?.principalDueFen).toBe(1_000_000);
  });

  it('bullet has one installment at term end with all the interest', () => {
    const s = buildSchedule({ ...base, method: 'bullet' });
    expect(s).toEqual([{ seq: 1, dueOn: '2027-01-15', principalDueFen: 1_000_000, interestDueFen: 120_000 }]);
  });

  it('principal sums exactly to the loan principal for every method and awkward amounts', () => {
    const principals = [1, 7, 99, 100_001, 1_234_567, 123_456_789];
    const terms = [1, 7, 13, 36, 360];
    const rates = ['0', '0.0365', '0.2399'];
    for (const method of REPAYMENT_METHODS) {
      for (const p of principals) {
        for (const termMonths of terms) {
          for (const annualRate of rates) {
            for (const rounding of ['half-up', 'half-even', 'down', 'up'] as const) {
              const s = scheduleAmounts({ principalFen: fen(p), annualRate, termMonths, method, rounding });
              expect(sum(s.map((i) => i.principalDueFen))).toBe(p);
              expect(s.every((i) => i.principalDueFen >= 0 && i.interestDueFen >= 0)).toBe(true);
              expect(s.every((i) => Number.isSafeInteger(i.principalDueFen + i.interestDueFen))).toBe(true);
            }
          }
        }
      }
    }
  });

  it('a zero rate splits the principal evenly with no interest', () => {
    const s = scheduleAmounts({ ...base, annualRate: '0', principalFen: fen(1_000) });
    expect(s.map((i) => i.principalDueFen)).toEqual([83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 83, 87]);
    expect(s.every((i) => i.interestDueFen === 0)).toBe(true);
  });

  it('due dates clamp at month ends and never drift: Jan 31 → Feb 28 → Mar 31', () => {
    const s = buildSchedule({ ...base, disbursedOn: '2026-12-31', termMonths: 4 });
    expect(s.map((i) => i.dueOn)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(scheduleDueDates('2027-01-31', 2, 'equal_principal')).toEqual(['2027-02-28', '2027-03-31']);
    expect(scheduleDueDates('2028-01-31', 1, 'interest_first')).toEqual(['2028-02-29']);
  });

  it('numbers installments from 1 in due-date order', () => {
    const s = buildSchedule({ ...base, termMonths: 24 });
    expect(s.map((i) => i.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    for (let i = 1; i < s.length; i++) expect((s[i]?.dueOn ?? '') > (s[i - 1]?.dueOn ?? '')).toBe(true);
  });

  it('rejects a principal that is not a positive integer amount of fen', () => {
    for (const p of [0, -100, 1.5, Number.NaN]) {
      expect(() => buildSchedule({ ...base, principalFen: p as Fen })).toThrow(RangeError);
    }
    expect(() => buildSchedule({ ...base, principalFen: 0 as Fen })).toThrow(/principalFen/);
  });

  it('rejects a term outside 1..360 months', () => {
    for (const termMonths of [0, -1, 361, 2.5]) {
      expect(() => buildSchedule({ ...base, termMonths })).toThrow(/termMonths/);
    }
    expect(buildSchedule({ ...base, termMonths: 360 })).toHaveLength(360);
  });

  it('rejects a rate that is not a decimal string', () => {
    for (const annualRate of ['', '12%', '-0.1', 'abc', '1e-2']) {
      expect(() => buildSchedule({ ...base, annualRate })).toThrow(/annualRate/);
    }
    expect(() => buildSchedule({ ...base, annualRate: 0.12 as unknown as string })).toThrow(RangeError);
  });

  it('rejects an unknown method, rounding mode or disbursement date', () => {
    expect(() => buildSchedule({ ...base, method: 'balloon' as RepaymentMethod })).toThrow(RangeError);
    expect(() => buildSchedule({ ...base, rounding: 'nearest' as 'up' })).toThrow(RangeError);
    expect(() => buildSchedule({ ...base, disbursedOn: '2026-02-30' })).toThrow(/disbursedOn/);
  });
});
