import { describe, expect, it } from 'vitest';
import { LprTableSchema, lprAt, SAMPLE_LPR_TABLE } from './lpr.js';

describe('lprAt', () => {
  it('returns the rate of the latest row effective on or before the date', () => {
    expect(lprAt(SAMPLE_LPR_TABLE, '2019-08-20')).toBe('0.0425'); // first reformed quote
    expect(lprAt(SAMPLE_LPR_TABLE, '2019-09-19')).toBe('0.0425'); // the day before a change
    expect(lprAt(SAMPLE_LPR_TABLE, '2019-09-20')).toBe('0.0420'); // the day of a change
    expect(lprAt(SAMPLE_LPR_TABLE, '2021-06-01')).toBe('0.0385'); // 2020-04-20 … 2021-12-19
    expect(lprAt(SAMPLE_LPR_TABLE, '2024-10-21')).toBe('0.0310');
    expect(lprAt(SAMPLE_LPR_TABLE, '2025-05-20')).toBe('0.0300');
    expect(lprAt(SAMPLE_LPR_TABLE, '2026-12-31')).toBe('0.0300'); // the last row stays in force
  });

  it('does not depend on the order of the rows', () => {
    const shuffled = [...SAMPLE_LPR_TABLE].reverse();
    expect(lprAt(shuffled, '2022-09-01')).toBe('0.0365');
  });

  it('refuses a date before the table starts, an empty table and duplicate rows', () => {
    expect(() => lprAt(SAMPLE_LPR_TABLE, '2019-08-19')).toThrow(RangeError);
    expect(() => lprAt([], '2025-01-01')).toThrow(RangeError);
    const dup = [...SAMPLE_LPR_TABLE, { effectiveFrom: '2025-05-20', oneYear: '0.0290' }];
    expect(() => lprAt(dup, '2025-06-01')).toThrow(/same effectiveFrom/);
    expect(() => lprAt(SAMPLE_LPR_TABLE, '2025-02-30')).toThrow(RangeError);
  });

  it('validates a configured table: sample accepted, bad dates, bad rates and duplicates rejected', () => {
    expect(LprTableSchema.safeParse(SAMPLE_LPR_TABLE).success).toBe(true);
    expect(LprTableSchema.safeParse([{ effectiveFrom: '2025-13-01', oneYear: '0.03' }]).success).toBe(false);
    expect(LprTableSchema.safeParse([{ effectiveFrom: '2025-01-01', oneYear: '3%' }]).success).toBe(false);
    expect(
      LprTableSchema.safeParse([
        { effectiveFrom: '2025-01-01', oneYear: '0.03' },
        { effectiveFrom: '2025-01-01', oneYear: '0.031' },
      ]).success,
    ).toBe(false);
  });
});
