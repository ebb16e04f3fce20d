import { describe, expect, it } from 'vitest';
import { type ChargeTerms, DEFAULT_CHARGE_TERMS } from '../charges/charge-terms.js';
import { fen } from '../money/money.js';
import { type AccruingInstallment, runLoanDay, scheduledPrincipalDays, stageForBucket } from './loan-day.js';

const terms: ChargeTerms = { ...DEFAULT_CHARGE_TERMS, annualRate: '0.18' };

function inst(
  seq: number,
  dueOn: string,
  principal: number,
  interest: number,
  paid = false,
): AccruingInstallment {
  return {
    seq,
    dueOn,
    principalDueFen: fen(principal),
    interestDueFen: fen(interest),
    feeDueFen: fen(0),
    principalPaidFen: fen(paid ? principal : 0),
    interestPaidFen: fen(paid ? interest : 0),
    feePaidFen: fen(0),
    penaltyDueFen: fen(0),
    penaltyPaidFen: fen(0),
    compoundDueFen: fen(0),
    compoundPaidFen: fen(0),
  };
}

describe('one loan through one business date', () => {
  it('counts scheduled principal-days through each due date', () => {
    // 2 × ¥100.00 due Jan 31 and Feb 28, disbursed Jan 1: 31 days × 200.00 then 28 days × 100.00.
    const days = scheduledPrincipalDays(
      '2026-01-01',
      [
        { dueOn: '2026-01-31', principalDueFen: fen(10000) },
        { dueOn: '2026-02-28', principalDueFen: fen(10000) },
      ],
      '2026-03-10',
    );
    expect(days).toBe(31 * 20000 + 28 * 10000);
  });

  it('opens an early-stage case on the first day past due and accrues a day of penalty', () => {
    // ¥10,000.00 overdue × 18% × 1.5 / 360 = ¥7.50.
    const r = runLoanDay({
      asOf: '2026-03-02',
      disbursedOn: '2025-03-01',
      terms,
      capRate: '0.24',
      state: null,
      previous: { dpd: 0, episodes: 0, worstDpd: 0 },
      installments: [inst(1, '2026-03-01', 1_000_000, 15_000), inst(2, '2026-04-01', 1_000_000, 15_000)],
      caseOpen: null,
    });
    expect(r.delinquency).toMatchObject({
      dpd: 1,
      bucket: 'M1',
      inCollection: true,
      overduePrincipalFen: 1_000_000,
    });
    expect(r.installmentAccruals).toEqual([{ seq: 1, penaltyFen: 750, compoundFen: 0, lateFeeFen: 0 }]);
    expect(r.overduePenaltyFen).toBe(750);
    expect(r.episodes).toBe(1);
    expect(r.caseAction).toEqual({ kind: 'open', stage: 'early' });
  });

  it('closes the case as cured when the overdue installment is paid and as paid off when all is', () => {
    const paidFirst = [
      inst(1, '2026-03-01', 1_000_000, 15_000, true),
      inst(2, '2026-04-01', 1_000_000, 15_000),
    ];
    const cured = runLoanDay({
      asOf: '2026-03-10',
      disbursedOn: '2025-03-01',
      terms,
      capRate: '0.24',
      state: null,
      previous: { dpd: 8, episodes: 1, worstDpd: 8 },
      installments: paidFirst,
      caseOpen: { stage: 'early', bucket: 'M1' },
    });
    expect(cured.caseAction).toEqual({ kind: 'close', reason: 'cured' });
    expect(cured.delinquency.dpd).toBe(0);
    expect(cured.episodes).toBe(1);
    const allPaid = [
      inst(1, '2026-03-01', 1_000_000, 15_000, true),
      inst(2, '2026-04-01', 1_000_000, 15_000, true),
    ];
    const done = runLoanDay({
      asOf: '2026-03-10',
      disbursedOn: '2025-03-01',
      terms,
      capRate: '0.24',
      state: null,
      previous: { dpd: 8, episodes: 1, worstDpd: 8 },
      installments: allPaid,
      caseOpen: { stage: 'early', bucket: 'M1' },
    });
    expect(done.caseAction).toEqual({ kind: 'close', reason: 'paid_off' });
  });

  it('moves the case to the middle stage at DPD 31', () => {
    const r = runLoanDay({
      asOf: '2026-04-01',
      disbursedOn: '2025-03-01',
      terms,
      capRate: '0.24',
      state: null,
      previous: { dpd: 30, episodes: 1, worstDpd: 30 },
      installments: [inst(1, '2026-03-01', 1_000_000, 15_000), inst(2, '2026-05-01', 1_000_000, 15_000)],
      caseOpen: { stage: 'early', bucket: 'M1' },
    });
    expect(r.delinquency).toMatchObject({ dpd: 31, bucket: 'M2' });
    expect(r.caseAction).toEqual({
      kind: 'update',
      stage: 'middle',
      stageChanged: true,
      bucketChanged: true,
    });
    expect(stageForBucket('M7+')).toBe('late');
  });

  it('does not open a case inside the grace days', () => {
    const r = runLoanDay({
      asOf: '2026-03-03',
      disbursedOn: '2025-03-01',
      terms: { ...terms, graceDays: 3 },
      capRate: '0.24',
      state: null,
      previous: null,
      installments: [inst(1, '2026-03-01', 1_000_000, 15_000)],
      caseOpen: null,
    });
    expect(r.delinquency.dpd).toBe(2);
    expect(r.caseAction).toEqual({ kind: 'none' });
  });

  it('counts a leap day: an installment due 2028-02-28 is 2 days past due on 2028-03-01', () => {
    const base = {
      disbursedOn: '2027-02-28',
      terms,
      capRate: '0.24',
      state: null,
      previous: null,
      installments: [inst(1, '2028-02-28', 1_000_000, 15_000)],
      caseOpen: null,
    } as const;
    expect(runLoanDay({ ...base, asOf: '2028-02-29' }).delinquency.dpd).toBe(1);
    expect(runLoanDay({ ...base, asOf: '2028-03-01' }).delinquency.dpd).toBe(2);
    // Principal-days through the leap year: 366 days of ¥10,000.00 from 2027-02-28 to 2028-02-28 inclusive.
    expect(
      scheduledPrincipalDays(
        '2027-02-28',
        [{ dueOn: '2028-02-28', principalDueFen: fen(1_000_000) }],
        '2028-03-01',
      ),
    ).toBe(366 * 1_000_000);
  });
});
