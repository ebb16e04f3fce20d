import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fen, fen } from '../money/money.js';
import { parseAnalyticsSettings } from './analytics-settings.js';
import { flowRates } from './flow-rates.js';
import type { LoanMonthEnd } from './month-end.js';

const at = (loanId: string, asOf: string, dpd: number, principalFen: number): LoanMonthEnd => ({
  loanId,
  asOf,
  dpd,
  principalFen: fen(principalFen),
});

// Jan end: M0 = A 600,000 + B 400,000 = 1,000,000; M1 = C 700,000 (15 DPD) + D 300,000 (20 DPD)
// = 1,000,000; M2 = E 500,000 (45 DPD).
// Feb end: B slipped to M1 (28 DPD, 400,000); C to M2 (43, 700,000); E to M3 (73, 500,000);
// D cured to M0 (250,000 left); A stays M0 (580,000).
const BOOK: LoanMonthEnd[] = [
  at('A', '2026-01-31', 0, 600_000),
  at('B', '2026-01-31', 0, 400_000),
  at('C', '2026-01-31', 15, 700_000),
  at('D', '2026-01-31', 20, 300_000),
  at('E', '2026-01-31', 45, 500_000),
  at('B', '2026-02-15', 14, 400_000), // a mid-month day: the month end below replaces it
  at('A', '2026-02-28', 0, 580_000),
  at('B', '2026-02-28', 28, 400_000),
  at('C', '2026-02-28', 43, 700_000),
  at('D', '2026-02-28', 0, 250_000),
  at('E', '2026-02-28', 73, 500_000),
];

describe('flowRates', () => {
  it('divides this month end’s M(n+1) balance by last month end’s M(n) balance', () => {
    const [feb, ...rest] = flowRates(BOOK);
    expect(rest).toEqual([]); // January has no December to compare with
    expect(feb!.month).toBe('2026-02');
    expect(feb!.previousMonth).toBe('2026-01');
    const value = (from: string) => feb!.flows.find((f) => f.from === from)!.ratio;
    // M0→M1: Feb M1 400,000 (B) ÷ Jan M0 1,000,000 = 40%
    expect(value('M0')).toEqual({ numerator: 400_000, denominator: 1_000_000, value: '0.4000' });
    // M1→M2: Feb M2 700,000 (C) ÷ Jan M1 1,000,000 = 70%
    expect(value('M1')).toEqual({ numerator: 700_000, denominator: 1_000_000, value: '0.7000' });
    // M2→M3: Feb M3 500,000 (E) ÷ Jan M2 500,000 = 100%
    expect(value('M2').value).toBe('1.0000');
    // M3→M4: nothing was in M3 at Jan end: no rate, not NaN
    expect(value('M3')).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(feb!.flows.map((f) => `${f.from}→${f.to}`)).toEqual([
      'M0→M1',
      'M1→M2',
      'M2→M3',
      'M3→M4',
      'M4→M5',
      'M5→M6',
      'M6→M7+',
    ]);
    // Feb end positions: M0 = A 580,000 + D 250,000
    expect(feb!.positions[0]).toEqual({ bucket: 'M0', balanceFen: 830_000, loans: 2 });
  });

  it('multiplies the flows into the collection multiplier up to the target bucket', () => {
    // To M7+ one factor (M3→M4) has no denominator: no multiplier.
    expect(flowRates(BOOK)[0]!.multiplier.value).toBeNull();
    // To M3: 0.4 × 0.7 × 1.0 = 0.28
    const toM3 = flowRates(BOOK, parseAnalyticsSettings({ flow: { multiplierTo: 'M3' } }))[0]!;
    expect(toM3.multiplierTo).toBe('M3');
    expect(toM3.multiplier).toEqual({
      numerator: String(400_000n * 700_000n * 500_000n),
      denominator: String(1_000_000n * 1_000_000n * 500_000n),
      value: '0.2800',
    });
  });

  it('counts loans on the count basis', () => {
    const feb = flowRates(BOOK, parseAnalyticsSettings({ flow: { basis: 'count' } }))[0]!;
    // M0→M1: 1 loan (B) of 2 (A, B); M1→M2: 1 (C) of 2 (C, D); M2→M3: 1 of 1
    expect(feb.flows.slice(0, 3).map((f) => f.ratio.value)).toEqual(['0.5000', '0.5000', '1.0000']);
  });

  it('follows the bucket edges of the settings', () => {
    // X1 = 1–20, X2 = 21–50, X3 = 51+. Jan: X0 1,000,000; X1 C+D 1,000,000; X2 E 500,000.
    // Feb: X1 nobody; X2 B 400,000 + C 700,000 = 1,100,000; X3 E 500,000.
    const settings = parseAnalyticsSettings({
      buckets: [
        { code: 'X0', minDpd: 0, maxDpd: 0 },
        { code: 'X1', minDpd: 1, maxDpd: 20 },
        { code: 'X2', minDpd: 21, maxDpd: 50 },
        { code: 'X3', minDpd: 51, maxDpd: null },
      ],
    });
    const feb = flowRates(BOOK, settings)[0]!;
    // X0→X1 0 ÷ 1,000,000 = 0; X1→X2 1,100,000 ÷ 1,000,000 = 1.1 (the aggregate formula can pass
    // 100%: B jumped from X0 to X2); X2→X3 500,000 ÷ 500,000 = 1
    expect(feb.flows.map((f) => [f.from, f.to, f.ratio.value])).toEqual([
      ['X0', 'X1', '0.0000'],
      ['X1', 'X2', '1.1000'],
      ['X2', 'X3', '1.0000'],
    ]);
    // multiplier to the last bucket: 0 × 1.1 × 1 = 0
    expect(feb.multiplier.value).toBe('0.0000');
  });

  it('gives no row for a month whose previous month has no data, and none for an empty book', () => {
    expect(flowRates([])).toEqual([]);
    const april = [at('A', '2026-04-30', 0, 100)];
    expect(flowRates([...BOOK, ...april]).map((m) => m.month)).toEqual(['2026-02']);
  });

  it('law: the multiplier is exactly the product of the flows it covers', () => {
    const loan = fc.record({
      loanId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      asOf: fc.constantFrom('2026-01-31', '2026-02-28', '2026-03-31'),
      dpd: fc.nat({ max: 250 }),
      principalFen: fc.nat({ max: 10_000_000 }).map((n) => n as Fen),
    });
    fc.assert(
      fc.property(fc.array(loan, { maxLength: 30 }), fc.constantFrom('M1', 'M3', 'M7+'), (book, to) => {
        for (const month of flowRates(book, parseAnalyticsSettings({ flow: { multiplierTo: to } }))) {
          const covered = month.flows.slice(0, ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'].indexOf(to));
          const num = covered.reduce((p, f) => p * BigInt(f.ratio.numerator), 1n);
          const den = covered.reduce((p, f) => p * BigInt(f.ratio.denominator), 1n);
          if (month.multiplier.numerator !== String(num) || month.multiplier.denominator !== String(den))
            return false;
          if ((den === 0n) !== (month.multiplier.value === null)) return false;
        }
        return true;
      }),
    );
  });
});
