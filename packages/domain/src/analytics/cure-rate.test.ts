import { describe, expect, it } from 'vitest';
import { parseAnalyticsSettings } from './analytics-settings.js';
import { type CaseEpisodeRecord, cureRates } from './cure-rate.js';
import { groupByDimension } from './dimensions.js';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const c = (
  caseId: string,
  openedOn: string,
  closedOn: string | null,
  closeReason: CaseEpisodeRecord['closeReason'],
  dpdAtStart: number,
  collector = 'u1',
): CaseEpisodeRecord => ({ caseId, openedOn, closedOn, closeReason, dpdAtStart, dims: { collector } });

const CASES: CaseEpisodeRecord[] = [
  c('C1', '2026-02-10', '2026-03-05', 'cured', 20), // M1, cured in March
  c('C2', '2026-02-01', null, null, 28), // M1, still open
  c('C3', '2026-01-15', '2026-03-20', 'paid_off', 45, 'u2'), // M2, paid off (a cure only if the setting says so)
  c('C4', '2026-01-01', '2026-03-10', 'written_off', 70, 'u2'), // M3, written off: never a cure
  c('C5', '2026-03-02', '2026-03-15', 'cured', 1), // opened in March: not open at the start
  c('C6', '2026-01-05', '2026-02-27', 'cured', 0), // closed in February: not open at the start
  c('C7', '2026-02-20', '2026-04-02', 'cured', 9), // M1, cured after March
  c('C8', '2026-02-28', '2026-03-01', 'cured', 1), // M1, cured on the first day
  c('C9', '2026-03-01', '2026-03-10', 'cured', 0), // opened on the first day: not open at its start
];

describe('cureRates', () => {
  it('divides the cases cured in the period by those open at its start, per bucket at the start', () => {
    const r = cureRates(CASES, MARCH);
    const row = (bucket: string) => r.rows.find((x) => x.bucket === bucket)!.ratio;
    // M1: open C1, C2, C7, C8 = 4; cured in March C1, C8 = 2 → 50%
    expect(row('M1')).toEqual({ numerator: 2, denominator: 4, value: '0.5000' });
    // M2: C3 paid off — not a cure by default → 0 of 1
    expect(row('M2').value).toBe('0.0000');
    // M3: C4 written off → 0 of 1
    expect(row('M3').value).toBe('0.0000');
    // M0: no case open at the start → no rate
    expect(row('M0').value).toBeNull();
    // all buckets: 2 of 6
    expect(r.total).toEqual({ numerator: 2, denominator: 6, value: '0.3333' });
  });

  it('counts a payoff as a cure when the setting says so', () => {
    const r = cureRates(CASES, MARCH, parseAnalyticsSettings({ cure: { reasons: ['cured', 'paid_off'] } }));
    expect(r.rows.find((x) => x.bucket === 'M2')!.ratio.value).toBe('1.0000');
    expect(r.total.value).toBe('0.5000'); // 3 of 6
  });

  it('follows the bucket edges of the settings', () => {
    // A = 1–10: C7 (9), C8 (1) → 1 cured of 2; B = 11–60: C1, C2, C3 → 1 of 3; C = 61+: C4 → 0 of 1
    const settings = parseAnalyticsSettings({
      buckets: [
        { code: 'M0', minDpd: 0, maxDpd: 0 },
        { code: 'A', minDpd: 1, maxDpd: 10 },
        { code: 'B', minDpd: 11, maxDpd: 60 },
        { code: 'C', minDpd: 61, maxDpd: null },
      ],
    });
    expect(cureRates(CASES, MARCH, settings).rows.map((x) => [x.bucket, x.ratio.value])).toEqual([
      ['M0', null],
      ['A', '0.5000'],
      ['B', '0.3333'],
      ['C', '0.0000'],
    ]);
  });

  it('breaks down by collector', () => {
    const groups = groupByDimension(CASES, 'collector', (cs) => cureRates(cs, MARCH).total.value);
    // u1: C1, C2, C7, C8 open, 2 cured → 0.5; u2: C3, C4 open, none cured → 0
    expect(groups).toEqual([
      { key: 'u1', value: '0.5000' },
      { key: 'u2', value: '0.0000' },
    ]);
  });

  it('has no rate for an empty book', () => {
    expect(cureRates([], MARCH).total).toEqual({ numerator: 0, denominator: 0, value: null });
  });
});
