import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates } from '../calendar/business-date.js';
import { fen } from '../money/money.js';
import {
  allocatePayment,
  type ComponentAmounts,
  DEFAULT_WATERFALL,
  type InstallmentBalance,
  reverseAllocation,
  validateWaterfall,
  type WaterfallComponent,
  type WaterfallMode,
  WaterfallOrderSchema,
  waterfallSequence,
} from './waterfall.js';

const amounts = (penalty: number, fees: number, interest: number, principal: number): ComponentAmounts => ({
  penalty: fen(penalty),
  fees: fen(fees),
  interest: fen(interest),
  principal: fen(principal),
});
const ZERO = amounts(0, 0, 0, 0);

// Installment 1 (due 09-01) owes ¥10.00 penalty, ¥20.00 fees, ¥150.00 interest, ¥500.00 principal = ¥680.00;
// installment 2 (due 10-01) owes ¥5.00 penalty, ¥150.00 interest, ¥500.00 principal = ¥655.00.
const book: InstallmentBalance[] = [
  { seq: 2, dueOn: '2026-10-01', due: amounts(500, 0, 15_000, 50_000), paid: ZERO },
  { seq: 1, dueOn: '2026-09-01', due: amounts(1_000, 2_000, 15_000, 50_000), paid: ZERO },
];
const owedTotal = 68_000 + 65_500;

describe('allocatePayment', () => {
  it('by default clears the oldest installment — penalty, fees, interest, principal — before the next', () => {
    // ¥400.00: installment 1 gets 10 + 20 + 150 + 220 (of 500); installment 2 nothing.
    const r = allocatePayment({ amountFen: fen(40_000), installments: book });
    expect(r.lines).toEqual([
      { seq: 1, component: 'penalty', amountFen: 1_000 },
      { seq: 1, component: 'fees', amountFen: 2_000 },
      { seq: 1, component: 'interest', amountFen: 15_000 },
      { seq: 1, component: 'principal', amountFen: 22_000 },
    ]);
    expect(r.creditFen).toBe(0);
    // `after` keeps the caller's order.
    expect(r.after.map((i) => i.seq)).toEqual([2, 1]);
    expect(r.after[1]?.paid).toEqual(amounts(1_000, 2_000, 15_000, 22_000));
    expect(r.after[0]?.paid).toEqual(ZERO);
  });

  it("in 'component-first' mode pays all penalty, then all fees, then all interest, then principal", () => {
    // ¥400.00: penalty 10 + 5, fees 20, interest 150 + 150, principal 65 to installment 1.
    const r = allocatePayment({ amountFen: fen(40_000), installments: book, mode: 'component-first' });
    expect(r.lines).toEqual([
      { seq: 1, component: 'penalty', amountFen: 1_000 },
      { seq: 2, component: 'penalty', amountFen: 500 },
      { seq: 1, component: 'fees', amountFen: 2_000 },
      { seq: 1, component: 'interest', amountFen: 15_000 },
      { seq: 2, component: 'interest', amountFen: 15_000 },
      { seq: 1, component: 'principal', amountFen: 6_500 },
    ]);
  });

  it('holds an overpayment as credit instead of paying any component past its due', () => {
    const r = allocatePayment({ amountFen: fen(owedTotal + 12_345), installments: book });
    expect(r.creditFen).toBe(12_345);
    for (const i of r.after) expect(i.paid).toEqual(i.due);
  });

  it('follows a configured order, and refuses an order that is not a permutation of the four', () => {
    const principalFirst: WaterfallComponent[] = ['principal', 'interest', 'fees', 'penalty'];
    const r = allocatePayment({ amountFen: fen(50_000), installments: book, order: principalFirst });
    expect(r.lines).toEqual([{ seq: 1, component: 'principal', amountFen: 50_000 }]);
    expect(() =>
      allocatePayment({ amountFen: fen(1), installments: book, order: ['penalty', 'fees', 'interest'] }),
    ).toThrow(RangeError);
    expect(validateWaterfall(DEFAULT_WATERFALL)).toBeNull();
    expect(validateWaterfall(['penalty', 'penalty', 'interest', 'principal'])).toMatch(/twice/);
    expect(validateWaterfall(['penalty', 'fees', 'interest', 'capital'])).toMatch(/unknown/);
    expect(WaterfallOrderSchema.safeParse(['fees', 'penalty', 'interest', 'principal']).success).toBe(true);
    expect(WaterfallOrderSchema.safeParse(['fees', 'fees', 'interest', 'principal']).success).toBe(false);
  });

  it('settles the newest installment first when asked (oldestFirst: false)', () => {
    const r = allocatePayment({ amountFen: fen(500), installments: book, oldestFirst: false });
    expect(r.lines).toEqual([{ seq: 2, component: 'penalty', amountFen: 500 }]);
  });

  it('refuses paid amounts above due and duplicate installments', () => {
    const broken = [{ ...book[0]!, paid: amounts(600, 0, 0, 0) }];
    expect(() => allocatePayment({ amountFen: fen(1), installments: broken })).toThrow(RangeError);
    expect(() => allocatePayment({ amountFen: fen(1), installments: [book[0]!, book[0]!] })).toThrow(
      RangeError,
    );
  });
});

describe('reverseAllocation', () => {
  it('restores the paid amounts exactly', () => {
    const r = allocatePayment({ amountFen: fen(40_000), installments: book });
    expect(reverseAllocation(r.after, r.lines)).toEqual(book);
  });

  it('refuses to reverse more than was paid or an installment that is not there', () => {
    expect(() => reverseAllocation(book, [{ seq: 1, component: 'penalty', amountFen: fen(1) }])).toThrow(
      RangeError,
    );
    expect(() => reverseAllocation(book, [{ seq: 9, component: 'penalty', amountFen: fen(0) }])).toThrow(
      RangeError,
    );
  });
});

// --- properties -----------------------------------------------------------------------------

const COMPONENTS: WaterfallComponent[] = ['penalty', 'fees', 'interest', 'principal'];

const installmentArb = fc
  .record({
    dueOffset: fc.integer({ min: 0, max: 400 }),
    due: fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 4, maxLength: 4 }),
    paidShare: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ dueOffset, due, paidShare }) => {
    const d = amounts(due[0]!, due[1]!, due[2]!, due[3]!);
    const paid = (k: number) => Math.floor((d[COMPONENTS[k]!] * paidShare[k]!) / 100);
    const p = amounts(paid(0), paid(1), paid(2), paid(3));
    return { dueOn: addDays('2026-01-01', dueOffset), due: d, paid: p };
  });

const allocationArb = fc.record({
  installments: fc
    .array(installmentArb, { maxLength: 6 })
    .map((xs) => xs.map((x, i): InstallmentBalance => ({ seq: i + 1, ...x }))),
  amount: fc.integer({ min: 0, max: 700_000 }),
  order: fc.shuffledSubarray(COMPONENTS, { minLength: 4, maxLength: 4 }),
  mode: fc.constantFrom<WaterfallMode>('installment-first', 'component-first'),
});

const isSettled = (i: InstallmentBalance, c: WaterfallComponent) => i.paid[c] === i.due[c];

describe('allocation properties', () => {
  it('preserves the total: lines + credit = amount', () => {
    fc.assert(
      fc.property(allocationArb, ({ installments, amount, order, mode }) => {
        const r = allocatePayment({ amountFen: fen(amount), installments, order, mode });
        expect(r.lines.reduce((s, l) => s + l.amountFen, 0) + r.creditFen).toBe(amount);
        expect(r.creditFen).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never pays a component beyond its due, and each line is exactly a change in paid', () => {
    fc.assert(
      fc.property(allocationArb, ({ installments, amount, order, mode }) => {
        const r = allocatePayment({ amountFen: fen(amount), installments, order, mode });
        for (const [k, after] of r.after.entries()) {
          const before = installments[k]!;
          for (const c of COMPONENTS) {
            expect(after.paid[c]).toBeLessThanOrEqual(after.due[c]);
            const paidNow = r.lines
              .filter((l) => l.seq === after.seq && l.component === c)
              .reduce((s, l) => s + l.amountFen, 0);
            expect(after.paid[c] - before.paid[c]).toBe(paidNow);
          }
        }
        for (const l of r.lines) expect(l.amountFen).toBeGreaterThan(0);
      }),
    );
  });

  it('respects the order: nothing is paid while an earlier step of the waterfall is still owed', () => {
    fc.assert(
      fc.property(allocationArb, ({ installments, amount, order, mode }) => {
        const r = allocatePayment({ amountFen: fen(amount), installments, order, mode });
        const bySeq = new Map(r.after.map((i) => [i.seq, i]));
        const steps = waterfallSequence(installments, order, mode);
        const position = new Map(steps.map((s, p) => [`${s.seq}/${s.component}`, p]));
        for (const line of r.lines) {
          const p = position.get(`${line.seq}/${line.component}`)!;
          for (const earlier of steps.slice(0, p)) {
            expect(isSettled(bySeq.get(earlier.seq)!, earlier.component)).toBe(true);
          }
        }
        // Credit only once everything offered is settled.
        if (r.creditFen > 0)
          for (const s of steps) expect(isSettled(bySeq.get(s.seq)!, s.component)).toBe(true);
      }),
    );
  });

  it('by default touches an installment only when all older ones are settled, and within it follows the order', () => {
    fc.assert(
      fc.property(allocationArb, ({ installments, amount }) => {
        const r = allocatePayment({ amountFen: fen(amount), installments });
        const older = (a: InstallmentBalance, b: InstallmentBalance) =>
          compareDates(a.dueOn, b.dueOn) < 0 || (a.dueOn === b.dueOn && a.seq < b.seq);
        for (const line of r.lines) {
          const inst = r.after.find((i) => i.seq === line.seq)!;
          for (const other of r.after) {
            if (older(other, inst)) for (const c of COMPONENTS) expect(isSettled(other, c)).toBe(true);
          }
          for (const c of DEFAULT_WATERFALL.slice(0, DEFAULT_WATERFALL.indexOf(line.component))) {
            expect(isSettled(inst, c)).toBe(true);
          }
        }
      }),
    );
  });

  it('reversal is an exact inverse: allocate then reverse gives back the installments', () => {
    fc.assert(
      fc.property(allocationArb, ({ installments, amount, order, mode }) => {
        const r = allocatePayment({ amountFen: fen(amount), installments, order, mode });
        expect(reverseAllocation(r.after, r.lines)).toEqual(installments);
      }),
    );
  });
});
