import { describe, expect, it } from 'vitest';
import { DEFAULT_BUCKETS } from '../delinquency/buckets.js';
import { CodedError } from '../errors/error-codes.js';
import {
  addMonthsToMonth,
  assertAnalyticsPeriod,
  assertMonth,
  DEFAULT_ANALYTICS_SETTINGS,
  monthsBetween,
  parseAnalyticsSettings,
} from './analytics-settings.js';

function codedError(run: () => unknown): CodedError {
  try {
    run();
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error('expected a CodedError');
}

describe('analytics settings', () => {
  it('defaults to the GLOSSARY.md definitions', () => {
    const s = DEFAULT_ANALYTICS_SETTINGS;
    expect(s.buckets).toEqual(DEFAULT_BUCKETS);
    expect(s.flow).toEqual({ basis: 'balance', multiplierTo: null });
    expect(s.entry).toEqual({ mode: 'first-day', basis: 'amount', graceDays: 0, denominator: 'all-due' });
    expect(s.recovery).toEqual({ basis: 'amount', settledReasons: ['cured', 'paid_off'] });
    expect(s.vintage).toEqual({ dpdThreshold: 31, maxMob: 24 });
    expect(s.cure.reasons).toEqual(['cured']);
    expect(s.promises.partlyKeptCountsAsKept).toBe(false);
    expect(s.decimalPlaces).toBe(4);
  });

  it('fills in the defaults around what an institution sets', () => {
    const s = parseAnalyticsSettings({ vintage: { dpdThreshold: 91 }, entry: { graceDays: 3 } });
    expect(s.vintage).toEqual({ dpdThreshold: 91, maxMob: 24 });
    expect(s.entry).toEqual({ mode: 'first-day', basis: 'amount', graceDays: 3, denominator: 'all-due' });
    expect(s.rollRate).toEqual({ observationMonths: 6, performanceMonths: 6, basis: 'count' });
  });

  it('accepts other bucket edges', () => {
    const buckets = [
      { code: 'M0', minDpd: 0, maxDpd: 0 },
      { code: 'M1', minDpd: 1, maxDpd: 29 },
      { code: 'M2+', minDpd: 30, maxDpd: null },
    ];
    expect(parseAnalyticsSettings({ buckets, flow: { multiplierTo: 'M2+' } }).buckets).toEqual(buckets);
  });

  it('refuses bucket edges with a gap, naming the problem in both languages', () => {
    const error = codedError(() =>
      parseAnalyticsSettings({
        buckets: [
          { code: 'M0', minDpd: 0, maxDpd: 0 },
          { code: 'M1', minDpd: 2, maxDpd: null },
        ],
      }),
    );
    expect(error.code).toBe('ANALYTICS_SETTINGS_INVALID');
    expect(error.params.reason).toBe('buckets: gap or overlap after M0');
    expect(error.details?.[0]?.message['zh-CN']).toContain('统计口径设置不正确');
  });

  it('refuses repeated bucket codes, a multiplier target that is no bucket, and unknown fields', () => {
    const repeated = [
      { code: 'M0', minDpd: 0, maxDpd: 0 },
      { code: 'M0', minDpd: 1, maxDpd: null },
    ];
    expect(codedError(() => parseAnalyticsSettings({ buckets: repeated })).params.reason).toContain('repeat');
    expect(
      codedError(() => parseAnalyticsSettings({ flow: { multiplierTo: 'M9' } })).params.reason,
    ).toContain('flow.multiplierTo');
    expect(codedError(() => parseAnalyticsSettings({ flow: { multiplierTo: 'M0' } })).code).toBe(
      'ANALYTICS_SETTINGS_INVALID',
    );
    expect(codedError(() => parseAnalyticsSettings({ vintageN: 30 })).code).toBe(
      'ANALYTICS_SETTINGS_INVALID',
    );
  });

  it('refuses out-of-range numbers and repeated reasons', () => {
    for (const bad of [
      { vintage: { dpdThreshold: 0 } },
      { vintage: { maxMob: 1.5 } },
      { entry: { graceDays: -1 } },
      { decimalPlaces: 13 },
      { cure: { reasons: [] } },
      { recovery: { settledReasons: ['cured', 'cured'] } },
      { contact: { attemptChannels: ['fax'] } },
    ]) {
      expect(codedError(() => parseAnalyticsSettings(bad)).code).toBe('ANALYTICS_SETTINGS_INVALID');
    }
  });

  it('checks periods and months', () => {
    expect(() => assertAnalyticsPeriod({ from: '2026-03-01', to: '2026-03-01' })).not.toThrow();
    expect(codedError(() => assertAnalyticsPeriod({ from: '2026-03-02', to: '2026-03-01' })).code).toBe(
      'ANALYTICS_PERIOD_INVALID',
    );
    expect(codedError(() => assertAnalyticsPeriod({ from: '2026-02-30', to: '2026-03-01' })).code).toBe(
      'ANALYTICS_PERIOD_INVALID',
    );
    expect(codedError(() => assertMonth('2026-13')).code).toBe('ANALYTICS_MONTH_INVALID');
    expect(addMonthsToMonth('2026-01', -1)).toBe('2025-12');
    expect(addMonthsToMonth('2025-11', 14)).toBe('2027-01');
    expect(monthsBetween('2025-11', '2026-02')).toBe(3);
  });
});
