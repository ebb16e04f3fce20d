import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import { fen } from '../money/money.js';
import {
  type ArrangementTerms,
  type Components,
  checkAllInCost,
  componentsTotal,
  computeArrangement,
  DEFAULT_ARRANGEMENT_POLICY,
  type OpenInstallment,
  splitEvenly,
  waiverShareOf,
} from './arrangement.js';

const c = (principal: number, interest: number, fees = 0, penalty = 0, compound = 0): Components => ({
  principalFen: fen(principal),
  interestFen: fen(interest),
  feesFen: fen(fees),
  penaltyFen: fen(penalty),
  compoundFen: fen(compound),
});

// A 3-installment loan on 2026-11-28: #1 (10-27) and #2 (11-27) overdue, #3 (12-27) not yet due.
const loan: OpenInstallment[] = [
  { seq: 1, dueOn: '2026-10-27', unpaid: c(100_000, 5_000, 2_000, 1_500, 300) },
  { seq: 2, dueOn: '2026-11-27', unpaid: c(100_000, 3_500, 0, 150) },
  { seq: 3, dueOn: '2026-12-27', unpaid: c(100_000, 1_500) },
];
const overdueTotal = 105_000 + 2_000 + 1_800 + 103_650;
const businessDate = '2026-11-28';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof CodedError) return err.code;
    throw err;
  }
  return undefined;
}

const compute = (terms: ArrangementTerms) => computeArrangement({ terms, businessDate, installments: loan });

describe('extension', () => {
  it('moves every unpaid installment by the months given; the debtor commits to the overdue ones', () => {
    const plan = compute({ kind: 'extension', unit: 'months', count: 2 });
    expect(plan.replacedSeqs).toEqual([1, 2, 3]);
    expect(plan.installments.map((i) => i.dueOn)).toEqual(['2026-12-27', '2027-01-27', '2027-02-27']);
    expect(plan.installments[0]).toMatchObject({
      principalFen: 100_000,
      penaltyFen: 1_500,
      compoundFen: 300,
    });
    expect(plan.lines).toEqual([
      { n: 1, dueOn: '2026-12-27', amountFen: 108_800, cumulativeFen: 108_800 },
      { n: 2, dueOn: '2027-01-27', amountFen: 103_650, cumulativeFen: overdueTotal },
    ]);
    expect(plan.owedFen).toBe(overdueTotal);
    expect(plan.waiverFen).toBe(0);
  });

  it('adds the fee to the first moved installment', () => {
    const plan = compute({ kind: 'extension', unit: 'days', count: 40, feeFen: 5_000 });
    expect(plan.installments[0]).toMatchObject({ dueOn: '2026-12-06', feesFen: 7_000, totalFen: 113_800 });
    expect(plan.feeFen).toBe(5_000);
  });

  it('refuses an extension that leaves the oldest installment overdue, and one beyond the policy', () => {
    expect(codeOf(() => compute({ kind: 'extension', unit: 'days', count: 30 }))).toBe(
      'ARRANGEMENT_DATE_PAST',
    );
    expect(codeOf(() => compute({ kind: 'extension', unit: 'days', count: 91 }))).toBe(
      'ARRANGEMENT_COUNT_INVALID',
    );
    expect(codeOf(() => compute({ kind: 'extension', unit: 'months', count: 7 }))).toBe(
      'ARRANGEMENT_COUNT_INVALID',
    );
  });
});

describe('installment plan', () => {
  it('splits the overdue total component by component into monthly installments, the odd fen first', () => {
    const plan = compute({ kind: 'installment_plan', count: 3, firstDueOn: '2026-12-05' });
    expect(plan.replacedSeqs).toEqual([1, 2]); // #3 is not due yet and stays
    expect(plan.installments.map((i) => i.dueOn)).toEqual(['2026-12-05', '2027-01-05', '2027-02-05']);
    expect(plan.installments.map((i) => i.principalFen)).toEqual([66_667, 66_667, 66_666]);
    expect(plan.installments.map((i) => i.interestFen)).toEqual([2_834, 2_833, 2_833]);
    expect(plan.planTotalFen).toBe(overdueTotal);
    expect(plan.lines.at(-1)!.cumulativeFen).toBe(overdueTotal);
  });

  it('refuses one installment, too many, a past or too distant first date', () => {
    const t = (count: number, firstDueOn: string) => () =>
      compute({ kind: 'installment_plan', count, firstDueOn });
    expect(codeOf(t(1, '2026-12-05'))).toBe('ARRANGEMENT_COUNT_INVALID');
    expect(codeOf(t(25, '2026-12-05'))).toBe('ARRANGEMENT_COUNT_INVALID');
    expect(codeOf(t(3, '2026-11-27'))).toBe('ARRANGEMENT_DATE_PAST');
    expect(codeOf(t(3, '2026-12-29'))).toBe('ARRANGEMENT_DATE_TOO_FAR');
  });

  it('needs something overdue', () => {
    const current = [{ seq: 3, dueOn: '2026-12-27', unpaid: c(100_000, 1_500) }];
    expect(
      codeOf(() =>
        computeArrangement({
          terms: { kind: 'installment_plan', count: 2, firstDueOn: '2026-12-05' },
          businessDate,
          installments: current,
        }),
      ),
    ).toBe('ARRANGEMENT_NOTHING_OVERDUE');
  });
});

describe('partial payment', () => {
  it('rewrites nothing: one commitment of the amount by the date', () => {
    const plan = compute({ kind: 'partial_payment', amountFen: 50_000, dueOn: '2026-12-01' });
    expect(plan.replacedSeqs).toEqual([]);
    expect(plan.installments).toEqual([]);
    expect(plan.lines).toEqual([{ n: 1, dueOn: '2026-12-01', amountFen: 50_000, cumulativeFen: 50_000 }]);
  });

  it('refuses the whole overdue amount (that is a promise to pay)', () => {
    expect(
      codeOf(() => compute({ kind: 'partial_payment', amountFen: overdueTotal, dueOn: '2026-12-01' })),
    ).toBe('ARRANGEMENT_AMOUNT_INVALID');
  });
});

describe('settlement', () => {
  const all = overdueTotal + 101_500;

  it('waives penalty, compound, fees, then interest; never principal by default', () => {
    const plan = compute({ kind: 'settlement', amountFen: 300_000 + 5_000, dueOn: '2026-12-10' });
    expect(plan.owedFen).toBe(all);
    expect(plan.waiver).toEqual(c(0, 10_000 - 5_000, 2_000, 1_650, 300));
    expect(plan.waiverFen).toBe(all - 305_000);
    expect(plan.installments).toEqual([{ dueOn: '2026-12-10', ...c(300_000, 5_000), totalFen: 305_000 }]);
    expect(plan.waiverShare).toBe(waiverShareOf(all - 305_000, all));
  });

  it('refuses an amount below the principal, and waiving principal where not allowed', () => {
    expect(codeOf(() => compute({ kind: 'settlement', amountFen: 299_999, dueOn: '2026-12-10' }))).toBe(
      'ARRANGEMENT_WAIVER_NOT_ALLOWED',
    );
    expect(
      codeOf(() =>
        compute({ kind: 'settlement', amountFen: 250_000, dueOn: '2026-12-10', waive: ['principal'] }),
      ),
    ).toBe('ARRANGEMENT_WAIVES_PRINCIPAL');
    const plan = computeArrangement({
      terms: { kind: 'settlement', amountFen: 250_000, dueOn: '2026-12-10', waive: ['principal'] },
      businessDate,
      installments: loan,
      policy: { ...DEFAULT_ARRANGEMENT_POLICY, allowPrincipalWaiver: true },
    });
    expect(plan.waiver.principalFen).toBe(313_950 - 250_000);
    expect(plan.waiver.interestFen).toBe(0);
  });

  it('waives only the components named', () => {
    expect(
      codeOf(() =>
        compute({ kind: 'settlement', amountFen: 305_000, dueOn: '2026-12-10', waive: ['penalty'] }),
      ),
    ).toBe('ARRANGEMENT_WAIVER_NOT_ALLOWED');
  });
});

describe('waiver share', () => {
  it('is rounded up to 4 places so an approver never sees it understated', () => {
    expect(waiverShareOf(1, 3)).toBe('0.3334');
    expect(waiverShareOf(30, 100)).toBe('0.3');
    expect(waiverShareOf(0, 0)).toBe('0');
  });
});

describe('all-in cost check', () => {
  const plan = (feeFen: number) =>
    compute({ kind: 'installment_plan', count: 2, firstDueOn: '2026-12-05', feeFen });

  it('refuses a fee that takes the life-time charges above the cap on the plan principal-days', () => {
    const base = {
      businessDate,
      chargesBeforeFen: 14_450,
      principalDaysToDate: 300_000 * 62,
      principalAfter: [{ dueOn: '2026-12-05', principalFen: 300_000 }],
      capRate: '0.24',
    };
    // cap = 0.24 × 300,000 × (62 + 7) ÷ 365 = ¥136.10
    expect(checkAllInCost({ ...base, plan: plan(0) }).capFen).toBe(13_610);
    expect(codeOf(() => checkAllInCost({ ...base, plan: plan(0) }))).toBeUndefined(); // adds nothing
    try {
      checkAllInCost({ ...base, plan: plan(1_000) });
      expect.unreachable();
    } catch (err) {
      expect((err as CodedError).code).toBe('ARRANGEMENT_COST_CAP_EXCEEDED');
      expect((err as CodedError).message).toMatch(/¥154\.50, above the cap of ¥136\.10/);
    }
  });

  it('passes a fee within the room', () => {
    const r = checkAllInCost({
      plan: plan(1_000),
      businessDate,
      chargesBeforeFen: 5_000,
      principalDaysToDate: 300_000 * 62,
      principalAfter: [{ dueOn: '2027-01-05', principalFen: 300_000 }],
      capRate: '0.24',
    });
    expect(r).toMatchObject({ chargesAfterFen: 6_000, addedFen: 1_000 });
  });
});

// --- properties ------------------------------------------------------------------------------

const amount = fc.integer({ min: 0, max: 5_000_000 });
const installmentArb = fc
  .tuple(fc.integer({ min: -200, max: 200 }), amount, amount, amount, amount, amount)
  .map(([offset, p, i, f, pen, cmp]) => ({ offset, unpaid: c(p, i, f, pen, cmp) }));
const loanArb = fc.array(installmentArb, { minLength: 1, maxLength: 8 }).map((rows) =>
  rows.map((r, n) => ({
    seq: n + 1,
    dueOn: new Date(Date.UTC(2026, 10, 28 + r.offset)).toISOString().slice(0, 10),
    unpaid: r.unpaid,
  })),
);

function attempt(terms: ArrangementTerms, installments: OpenInstallment[]) {
  try {
    return computeArrangement({ terms, businessDate, installments });
  } catch (err) {
    if (err instanceof CodedError) return null; // refused terms are fine; wrong money is not
    throw err;
  }
}

describe('properties', () => {
  it('splitEvenly conserves the total and differs by at most one fen', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 1, max: 36 }), (total, n) => {
        const parts = splitEvenly(total, n);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
      }),
    );
  });

  it('a plan conserves money: new installments + waiver − fee = what the replaced ones owed', () => {
    const termsArb: fc.Arbitrary<ArrangementTerms> = fc.oneof(
      fc.record({
        kind: fc.constant('extension' as const),
        unit: fc.constantFrom('days' as const, 'months' as const),
        count: fc.integer({ min: 1, max: 90 }),
        feeFen: fc.integer({ min: 0, max: 50_000 }),
      }),
      fc.record({
        kind: fc.constant('installment_plan' as const),
        count: fc.integer({ min: 2, max: 24 }),
        firstDueOn: fc.constantFrom('2026-11-28', '2026-12-05', '2026-12-28'),
        feeFen: fc.integer({ min: 0, max: 50_000 }),
      }),
      fc.record({
        kind: fc.constant('settlement' as const),
        amountFen: fc.integer({ min: 1, max: 40_000_000 }),
        dueOn: fc.constant('2026-12-10'),
      }),
    );
    fc.assert(
      fc.property(loanArb, termsArb, (installments, terms) => {
        const plan = attempt(terms, installments);
        if (!plan) return;
        const bySeq = new Map(installments.map((i) => [i.seq, i]));
        const replaced = plan.replacedSeqs.reduce((s, seq) => s + componentsTotal(bySeq.get(seq)!.unpaid), 0);
        const added = plan.installments.reduce((s, i) => s + i.totalFen, 0);
        expect(added + plan.waiverFen - plan.feeFen).toBe(replaced);
        // per component, principal is never created or lost unless waived
        const replacedPrincipal = plan.replacedSeqs.reduce(
          (s, seq) => s + bySeq.get(seq)!.unpaid.principalFen,
          0,
        );
        const addedPrincipal = plan.installments.reduce((s, i) => s + i.principalFen, 0);
        expect(addedPrincipal + plan.waiver.principalFen).toBe(replacedPrincipal);
        expect(plan.waiver.principalFen).toBe(0); // not allowed by the default policy
        // every amount is whole, non-negative fen; the commitment adds up
        for (const i of plan.installments) {
          for (const v of [i.principalFen, i.interestFen, i.feesFen, i.penaltyFen, i.compoundFen]) {
            expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
          }
          expect(i.dueOn >= businessDate).toBe(true);
        }
        expect(plan.lines.at(-1)!.cumulativeFen).toBe(plan.planTotalFen);
        expect(plan.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(plan.planTotalFen);
      }),
      { numRuns: 300 },
    );
  });

  it('the waiver share is waived ÷ owed, never below the exact value and never above 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }), (owed, pct) => {
        const waived = Math.floor((owed * pct) / 100);
        const share = Number(waiverShareOf(waived, owed));
        expect(share).toBeGreaterThanOrEqual(waived / owed - 1e-12);
        expect(share).toBeLessThanOrEqual(1);
        expect(share - waived / owed).toBeLessThan(0.0001 + 1e-12);
      }),
    );
  });
});
