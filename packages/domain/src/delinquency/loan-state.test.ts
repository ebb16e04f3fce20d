import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/business-date.js';
import { fen } from '../money/money.js';
import {
  countEpisodes,
  type InstallmentPosition,
  installmentUnpaid,
  loanDelinquency,
  nextEpisodeCount,
} from './loan-state.js';

const inst = (
  seq: number,
  dueOn: string,
  paid: Partial<Record<'p' | 'i' | 'f', number>> = {},
): InstallmentPosition => ({
  seq,
  dueOn,
  principalDueFen: fen(80_000),
  interestDueFen: fen(1_500),
  feeDueFen: fen(500),
  principalPaidFen: fen(paid.p ?? 0),
  interestPaidFen: fen(paid.i ?? 0),
  feePaidFen: fen(paid.f ?? 0),
});
const PAID = { p: 80_000, i: 1_500, f: 500 };

describe('loanDelinquency', () => {
  // Due 08-15 (paid), 09-15 (half the principal paid), 10-15 and 11-15 (unpaid).
  const loan = [
    inst(1, '2026-08-15', PAID),
    inst(2, '2026-09-15', { p: 40_000, i: 1_500, f: 500 }),
    inst(3, '2026-10-15'),
    inst(4, '2026-11-15'),
  ];

  it('counts DPD from the oldest installment not fully paid: 2026-10-20 − 2026-09-15 = 35 → M2', () => {
    const d = loanDelinquency({ asOf: '2026-10-20', graceDays: 3, installments: loan });
    expect(d).toEqual({
      dpd: 35,
      bucket: 'M2',
      overduePrincipalFen: 40_000 + 80_000, // rest of #2 and all of #3 (due 10-15 < 10-20)
      overdueInterestFen: 1_500,
      overdueFeesFen: 500,
      outstandingPrincipalFen: 40_000 + 80_000 + 80_000,
      oldestUnpaidDueOn: '2026-09-15',
      inCollection: true,
    });
  });

  it('is not overdue on the due date itself: DPD 0, nothing overdue, not in collection', () => {
    const d = loanDelinquency({ asOf: '2026-10-15', graceDays: 0, installments: [inst(3, '2026-10-15')] });
    expect(d).toMatchObject({ dpd: 0, bucket: 'M0', overduePrincipalFen: 0, inCollection: false });
    expect(d.oldestUnpaidDueOn).toBe('2026-10-15'); // the next due date of a current loan
  });

  it('enters collection only after the grace days: DPD 3 with 3 grace days is not, DPD 4 is', () => {
    const installments = [inst(3, '2026-10-15')];
    expect(loanDelinquency({ asOf: '2026-10-18', graceDays: 3, installments })).toMatchObject({
      dpd: 3,
      bucket: 'M1',
      inCollection: false,
    });
    expect(loanDelinquency({ asOf: '2026-10-19', graceDays: 3, installments }).inCollection).toBe(true);
    expect(loanDelinquency({ asOf: '2026-10-16', graceDays: 0, installments }).inCollection).toBe(true);
  });

  it('keeps an installment open while a fee is unpaid, and closes it when everything is paid', () => {
    const feeOwed = [inst(1, '2026-08-15', { p: 80_000, i: 1_500, f: 0 })];
    expect(loanDelinquency({ asOf: '2026-09-01', graceDays: 0, installments: feeOwed })).toMatchObject({
      dpd: 17,
      overdueFeesFen: 500,
      overduePrincipalFen: 0,
    });
    const paid = [inst(1, '2026-08-15', PAID)];
    expect(loanDelinquency({ asOf: '2026-09-01', graceDays: 0, installments: paid })).toMatchObject({
      dpd: 0,
      bucket: 'M0',
      oldestUnpaidDueOn: null,
      outstandingPrincipalFen: 0,
    });
  });

  it('uses the buckets it is given', () => {
    const buckets = [
      { code: 'C', minDpd: 0, maxDpd: 0 },
      { code: 'X', minDpd: 1, maxDpd: null },
    ];
    expect(loanDelinquency({ asOf: '2026-10-20', graceDays: 0, installments: loan, buckets }).bucket).toBe(
      'X',
    );
  });

  it('refuses paid above due and a bad asOf', () => {
    expect(() => installmentUnpaid(inst(1, '2026-08-15', { p: 90_000 }))).toThrow(RangeError);
    expect(() => loanDelinquency({ asOf: '2026-13-01', graceDays: 0, installments: loan })).toThrow(
      RangeError,
    );
  });

  it('has DPD > 0 exactly when something is overdue, and DPD never exceeds the oldest due date age', () => {
    const arb = fc.array(
      fc.record({
        offset: fc.integer({ min: 0, max: 300 }),
        paidShare: fc.constantFrom(0, 50, 100),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 400 }), (rows, asOfOffset) => {
        const installments = rows.map((r, k) => {
          const p = (80_000 * r.paidShare) / 100;
          return inst(k + 1, addDays('2026-01-01', r.offset), {
            p,
            i: r.paidShare === 100 ? 1_500 : 0,
            f: 500,
          });
        });
        const d = loanDelinquency({ asOf: addDays('2026-01-01', asOfOffset), graceDays: 0, installments });
        const overdue = d.overduePrincipalFen + d.overdueInterestFen + d.overdueFeesFen;
        expect(d.dpd > 0).toBe(overdue > 0);
        expect(d.inCollection).toBe(d.dpd > 0);
        expect(d.overduePrincipalFen).toBeLessThanOrEqual(d.outstandingPrincipalFen);
      }),
    );
  });
});

describe('delinquency episodes', () => {
  it('starts a new episode when DPD goes from 0 to 1 or more, not while it stays above 0', () => {
    expect(nextEpisodeCount(0, 1, 2)).toBe(3);
    expect(nextEpisodeCount(0, 0, 2)).toBe(2);
    expect(nextEpisodeCount(5, 3, 2)).toBe(2); // a partial payment lowers DPD: same episode
    expect(nextEpisodeCount(5, 0, 2)).toBe(2); // cured
  });

  it('counts cure-then-default as two episodes, and a history that starts overdue as one', () => {
    expect(countEpisodes([0, 1, 2, 3, 0, 0, 1, 2])).toBe(2);
    expect(countEpisodes([3, 4, 5])).toBe(1);
    expect(countEpisodes([])).toBe(0);
    expect(() => countEpisodes([0, -1])).toThrow(RangeError);
  });

  it('equals the number of maximal runs of DPD ≥ 1', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 60 }), (history) => {
        const runs = history.filter((d, i) => d >= 1 && (i === 0 || history[i - 1] === 0)).length;
        expect(countEpisodes(history)).toBe(runs);
      }),
    );
  });
});
