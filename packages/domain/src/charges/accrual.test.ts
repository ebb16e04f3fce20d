import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/business-date.js';
import type { InstallmentPosition } from '../delinquency/loan-state.js';
import { fen } from '../money/money.js';
import {
  type AccrualState,
  accrueDay,
  accrueRange,
  type DayFacts,
  dayFactsFor,
  INITIAL_ACCRUAL_STATE,
} from './accrual.js';
import { type ChargeTerms, ChargeTermsSchema } from './charge-terms.js';

const terms: ChargeTerms = ChargeTermsSchema.parse({ annualRate: '0.18' });
const CAP = '0.24';

/** `n` consecutive days from `from` with the whole principal overdue (a matured or accelerated loan). */
function overdueDays(from: string, n: number, principalFen: number): DayFacts[] {
  return Array.from({ length: n }, (_, i) => ({
    date: addDays(from, i),
    outstandingPrincipalFen: fen(principalFen),
    overduePrincipalFen: fen(principalFen),
    overdueInterestFen: fen(0),
    newlyOverdueInstallments: [],
  }));
}

// A loan that has had ¥10,000.00 outstanding for a year: cap so far 365 × 1,000,000 × 24% ÷ 365 = ¥2,400.00.
const afterAYear = (contractInterestFen: number): AccrualState => ({
  ...INITIAL_ACCRUAL_STATE,
  principalDays: 1_000_000 * 365,
  contractInterestFen: fen(contractInterestFen),
  lastAccruedOn: '2026-10-01',
});

describe('accrueRange', () => {
  it('accrues ¥7.50 a day on ¥10,000.00 overdue: ¥225.00 over 30 days when the cap has room', () => {
    // Contract interest ¥1,800.00 (18% for a year) leaves ¥600.00 of room under the ¥2,400.00 cap.
    const { state, days } = accrueRange(
      afterAYear(180_000),
      overdueDays('2026-10-02', 30, 1_000_000),
      terms,
      CAP,
    );
    expect(state.accruedPenaltyFen).toBe(22_500);
    expect(state.capped).toBe(false);
    expect(state.lastAccruedOn).toBe('2026-10-31');
    expect(state.principalDays).toBe(1_000_000 * 395);
    expect(days.every((d) => d.lines.length === 1 && d.lines[0]?.amountFen === 750)).toBe(true);
  });

  it('stops at the cap mid-range: ¥750/day until day 54, cut from day 55 (2026-11-25)', () => {
    // Contract interest already charged: ¥2,350.00. On day k the cap is
    //   240,000 + floor(k × 1,000,000 × 0.24 ÷ 365) = 240,000 + floor(k × 657.534…)
    // so the room for charges is 5,000 + floor(k × 657.534…), against 750k of penalty:
    //   day 54: room 5,000 + 35,506 = 40,506 ≥ 40,500 charged — still whole;
    //   day 55: room 5,000 + 36,164 = 41,164 < 41,250 — 664 of 750 charged, 86 cut;
    //   day 56: room 41,821 → 657 charged; … day 60: room 5,000 + 39,452 = 44,452.
    const { state, days } = accrueRange(
      afterAYear(235_000),
      overdueDays('2026-10-02', 60, 1_000_000),
      terms,
      CAP,
    );
    const charged = days.map((d) => d.lines[0]?.amountFen);
    expect(charged.slice(0, 54).every((a) => a === 750)).toBe(true);
    expect(days[54]?.date).toBe('2026-11-25');
    expect(charged.slice(54, 57)).toEqual([664, 657, 658]);
    expect(days[54]?.cap).toMatchObject({ capFen: 276_164, cutFen: 86, capped: true });
    expect(state.accruedPenaltyFen).toBe(44_452);
    expect(days.reduce((s, d) => s + d.cap.cutFen, 0)).toBe(45_000 - 44_452);
    expect(state.capped).toBe(true);
  });
});

describe('accrueDay', () => {
  const day1 = overdueDays('2026-10-02', 1, 1_000_000)[0]!;

  it('gives the same result when the same day is run twice from the same state', () => {
    const state = afterAYear(180_000);
    expect(accrueDay(state, day1, terms, CAP)).toEqual(accrueDay(state, day1, terms, CAP));
  });

  it('refuses to accrue a day twice or to skip a day once a day has been accrued', () => {
    const { state } = accrueDay(afterAYear(180_000), day1, terms, CAP);
    expect(() => accrueDay(state, day1, terms, CAP)).toThrow(/consecutive/);
    expect(() => accrueDay(state, { ...day1, date: '2026-10-04' }, terms, CAP)).toThrow(/consecutive/);
    expect(accrueDay(state, { ...day1, date: '2026-10-03' }, terms, CAP).state.accruedPenaltyFen).toBe(1_500);
  });

  it('charges a flat late fee once, on the day the installment passes its grace days', () => {
    const flat: ChargeTerms = { ...terms, lateFee: { kind: 'flat_per_installment', amountFen: fen(2_000) } };
    const days = overdueDays('2026-10-02', 5, 1_000_000);
    days[3] = { ...days[3]!, newlyOverdueInstallments: [{ seq: 1, overdueFen: fen(1_000_000) }] };
    const { state, days: out } = accrueRange(afterAYear(180_000), days, flat, CAP);
    expect(state.accruedFeesFen).toBe(2_000);
    const feeLines = out.flatMap((d) => d.lines).filter((l) => l.kind === 'late_fee');
    expect(feeLines).toEqual([
      {
        date: '2026-10-05',
        kind: 'late_fee',
        installmentSeq: 1,
        baseFen: 1_000_000,
        proposedFen: 2_000,
        amountFen: 2_000,
      },
    ]);
  });

  it('cuts fees before penalty when the cap binds (first day of a new loan: cap ¥6.57)', () => {
    const flat: ChargeTerms = { ...terms, lateFee: { kind: 'flat_per_installment', amountFen: fen(2_000) } };
    const facts: DayFacts = { ...day1, newlyOverdueInstallments: [{ seq: 1, overdueFen: fen(1_000_000) }] };
    // principalDays 1,000,000 → cap 657 fen: penalty 750 → 657, fee 2,000 → 0.
    const { state, day } = accrueDay(INITIAL_ACCRUAL_STATE, facts, flat, CAP);
    expect(day.lines.map((l) => [l.kind, l.proposedFen, l.amountFen])).toEqual([
      ['penalty', 750, 657],
      ['late_fee', 2_000, 0],
    ]);
    expect(day.cap).toMatchObject({ capFen: 657, cutFen: 2_093, capped: true });
    expect(state.accruedFeesFen).toBe(0);
  });

  it('compounds unpaid contract interest at the penalty rate when the product says so', () => {
    const compounding: ChargeTerms = { ...terms, compoundOverdueInterest: true };
    const facts: DayFacts = { ...day1, overdueInterestFen: fen(50_000) };
    const { state, day } = accrueDay(afterAYear(180_000), facts, compounding, CAP);
    // ¥500.00 × 27% ÷ 360 = 37.5 fen → 38.
    expect(day.lines.find((l) => l.kind === 'compound')?.amountFen).toBe(38);
    expect(state.accruedCompoundFen).toBe(38);
    // Without compounding there is no compound line at all.
    expect(accrueDay(afterAYear(180_000), facts, terms, CAP).day.lines.map((l) => l.kind)).toEqual([
      'penalty',
    ]);
  });

  it('counts the contract interest given for the day toward the cap, and keeps it for later days', () => {
    const { state, day } = accrueDay(
      afterAYear(0),
      { ...day1, contractInterestToDateFen: fen(240_700) }, // past the cap of 240,657
      terms,
      CAP,
    );
    expect(day.lines[0]?.amountFen).toBe(0);
    expect(state.contractInterestFen).toBe(240_700);
    const next = accrueDay(state, { ...day1, date: '2026-10-03' }, terms, CAP);
    expect(next.day.cap.chargedBeforeFen).toBe(240_700);
  });

  it('refuses more overdue than outstanding principal and the same installment newly overdue twice', () => {
    expect(() =>
      accrueDay(INITIAL_ACCRUAL_STATE, { ...day1, outstandingPrincipalFen: fen(10) }, terms, CAP),
    ).toThrow(RangeError);
    const twice = [
      { seq: 1, overdueFen: fen(1) },
      { seq: 1, overdueFen: fen(1) },
    ];
    expect(() =>
      accrueDay(INITIAL_ACCRUAL_STATE, { ...day1, newlyOverdueInstallments: twice }, terms, CAP),
    ).toThrow(RangeError);
  });
});

describe('dayFactsFor', () => {
  const inst = (seq: number, dueOn: string, paid = 0): InstallmentPosition => ({
    seq,
    dueOn,
    principalDueFen: fen(50_000),
    interestDueFen: fen(1_500),
    feeDueFen: fen(0),
    principalPaidFen: fen(paid),
    interestPaidFen: fen(0),
    feePaidFen: fen(0),
  });
  const installments = [inst(1, '2026-09-01'), inst(2, '2026-10-01'), inst(3, '2026-11-01')];

  it('treats an installment as overdue from the day after its due date', () => {
    const onDue = dayFactsFor({ date: '2026-10-01', graceDays: 3, installments });
    expect(onDue.overduePrincipalFen).toBe(50_000); // only installment 1
    expect(onDue.contractInterestToDateFen).toBe(3_000); // installments 1 and 2 have fallen due
    const next = dayFactsFor({ date: '2026-10-02', graceDays: 3, installments });
    expect(next).toMatchObject({
      outstandingPrincipalFen: 150_000,
      overduePrincipalFen: 100_000,
      overdueInterestFen: 3_000,
      newlyOverdueInstallments: [],
    });
  });

  it('makes an installment newly overdue on dueOn + grace + 1, and only while it is unpaid', () => {
    // Due 2026-10-01, 3 grace days: 10-02…10-04 are grace, the late fee falls on 10-05.
    expect(dayFactsFor({ date: '2026-10-04', graceDays: 3, installments }).newlyOverdueInstallments).toEqual(
      [],
    );
    expect(dayFactsFor({ date: '2026-10-05', graceDays: 3, installments }).newlyOverdueInstallments).toEqual([
      { seq: 2, overdueFen: 51_500 },
    ]);
    const paidOff = { ...inst(2, '2026-10-01', 50_000), interestPaidFen: fen(1_500) };
    expect(
      dayFactsFor({ date: '2026-10-05', graceDays: 3, installments: [installments[0]!, paidOff] })
        .newlyOverdueInstallments,
    ).toEqual([]);
  });
});

// --- properties -----------------------------------------------------------------------------

const termsArb = fc.record({
  annualRate: fc.constantFrom('0.06', '0.12', '0.18', '0.24', '0.36'),
  penaltyRateMultiplier: fc.constantFrom('1', '1.3', '1.5'),
  dayCountBasis: fc.constantFrom('act/360' as const, 'act/365' as const),
  rounding: fc.constantFrom('half-up' as const, 'half-even' as const, 'down' as const, 'up' as const),
  compoundOverdueInterest: fc.boolean(),
  graceDays: fc.constant(0),
  lateFee: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc
      .integer({ min: 0, max: 10_000 })
      .map((a) => ({ kind: 'flat_per_installment' as const, amountFen: fen(a) })),
    fc.constant({ kind: 'percent_of_overdue_installment' as const, rate: '0.05', minFen: fen(500) }),
  ),
  costCap: fc.constant({ kind: 'fixed' as const, annualRate: '0.24' }),
}) satisfies fc.Arbitrary<ChargeTerms>;

const dayArb = fc
  .record({
    outstanding: fc.integer({ min: 0, max: 5_000_000 }),
    overdueShare: fc.integer({ min: 0, max: 100 }),
    overdueInterest: fc.integer({ min: 0, max: 200_000 }),
    newly: fc.uniqueArray(fc.integer({ min: 1, max: 24 }), { maxLength: 2 }),
    contractInterest: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
  })
  .map((d) => ({
    outstandingPrincipalFen: fen(d.outstanding),
    overduePrincipalFen: fen(Math.floor((d.outstanding * d.overdueShare) / 100)),
    overdueInterestFen: fen(d.overdueInterest),
    newlyOverdueInstallments: d.newly.map((seq) => ({ seq, overdueFen: fen(d.overdueInterest + seq) })),
    ...(d.contractInterest === undefined ? {} : { contractInterestToDateFen: fen(d.contractInterest) }),
  }));

const scenarioArb = fc.record({
  terms: termsArb,
  capRate: fc.constantFrom('0.12', '0.154', '0.24', '0.36'),
  principalDays: fc.integer({ min: 0, max: 5_000_000 * 400 }),
  contractInterest: fc.integer({ min: 0, max: 500_000 }),
  days: fc.array(dayArb, { minLength: 1, maxLength: 60 }),
});

describe('accrual properties', () => {
  it('never charges past the cap, never decreases, and its lines add up to the state', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const initial: AccrualState = {
          ...INITIAL_ACCRUAL_STATE,
          principalDays: s.principalDays,
          contractInterestFen: fen(s.contractInterest),
        };
        const facts = s.days.map((d, i) => ({ ...d, date: addDays('2026-10-02', i) }));
        const { days } = accrueRange(initial, facts, s.terms, s.capRate);
        let prev = initial;
        let state = initial;
        for (const [i, day] of days.entries()) {
          state = accrueDay(prev, facts[i]!, s.terms, s.capRate).state;
          const accruedBefore = prev.accruedPenaltyFen + prev.accruedCompoundFen + prev.accruedFeesFen;
          const accruedAfter = state.accruedPenaltyFen + state.accruedCompoundFen + state.accruedFeesFen;
          // Never above the cap — unless contract interest alone already was, and then nothing new.
          const chargedAfter = state.contractInterestFen + accruedAfter;
          expect(chargedAfter).toBeLessThanOrEqual(Math.max(day.cap.capFen, day.cap.chargedBeforeFen));
          // Never decreases, day after day.
          expect(state.accruedPenaltyFen).toBeGreaterThanOrEqual(prev.accruedPenaltyFen);
          expect(state.accruedCompoundFen).toBeGreaterThanOrEqual(prev.accruedCompoundFen);
          expect(state.accruedFeesFen).toBeGreaterThanOrEqual(prev.accruedFeesFen);
          expect(state.principalDays).toBeGreaterThanOrEqual(prev.principalDays);
          // The lines are the accrual: charged amounts add up, the cut is what they lost.
          expect(day.lines.reduce((a, l) => a + l.amountFen, 0)).toBe(accruedAfter - accruedBefore);
          expect(day.lines.reduce((a, l) => a + l.proposedFen - l.amountFen, 0)).toBe(day.cap.cutFen);
          for (const l of day.lines) expect(l.amountFen).toBeLessThanOrEqual(l.proposedFen);
          prev = state;
        }
        // Folding accrueDay by hand gives exactly accrueRange's result.
        expect(accrueRange(initial, facts, s.terms, s.capRate).state).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });

  it('with contract interest fixed, total charges to date never exceed the cap to date', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const facts = s.days.map(({ contractInterestToDateFen: _, ...d }, i) => ({
          ...d,
          date: addDays('2026-10-02', i),
        }));
        const initial = { ...INITIAL_ACCRUAL_STATE, contractInterestFen: fen(s.contractInterest) };
        const { state, days } = accrueRange(initial, facts, s.terms, s.capRate);
        const finalCap = days.at(-1)!.cap.capFen;
        const accrued = state.accruedPenaltyFen + state.accruedCompoundFen + state.accruedFeesFen;
        expect(accrued).toBeLessThanOrEqual(Math.max(0, finalCap - s.contractInterest));
      }),
      { numRuns: 200 },
    );
  });
});
