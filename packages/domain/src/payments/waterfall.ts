/**
 * 还款冲抵顺序 the payment waterfall: how a payment is spread over what a loan owes.
 *
 * Default (DESIGN.md §5): penalty → fees → interest → principal, oldest installment first.
 * Mode 'installment-first' (the default) applies the component order WITHIN each installment
 * and settles installments oldest first: the oldest installment is cleared entirely —
 * penalty, fees, interest, principal — before the next is touched. Mode 'component-first'
 * applies the order ACROSS installments: all penalty, oldest first, then all fees, and so on.
 *
 * Only what is owed is paid (due − paid per component); whatever is left is returned as
 * credit (溢缴款), never dropped. Which installments are offered — only those due, or also
 * future ones for prepayment — is the caller's choice. Penalty and fees per installment
 * come from the caller (the daily run splits each day's loan-level penalty over installments
 * with distributeToInstallments).
 */
import { z } from 'zod';
import type { BusinessDate } from '../calendar/business-date.js';
import { compareDates } from '../calendar/business-date.js';
import { type Fen, fen } from '../money/money.js';

/** 冲抵项目 a component of what an installment owes. */
export type WaterfallComponent = 'penalty' | 'fees' | 'interest' | 'principal';

/** The four components, in no particular order. */
export const WATERFALL_COMPONENTS: readonly WaterfallComponent[] = [
  'penalty',
  'fees',
  'interest',
  'principal',
];

/** The default order: penalty → fees → interest → principal (DESIGN.md §5). */
export const DEFAULT_WATERFALL: readonly WaterfallComponent[] = ['penalty', 'fees', 'interest', 'principal'];

/** 'installment-first': order within each installment, oldest first; 'component-first': order across installments. */
export type WaterfallMode = 'installment-first' | 'component-first';

/** Checks that an order is a permutation of the four components; returns the problem or null. */
export function validateWaterfall(order: readonly string[]): string | null {
  if (order.length !== WATERFALL_COMPONENTS.length)
    return 'the order must name each of the four components once';
  for (const c of order) {
    if (!(WATERFALL_COMPONENTS as readonly string[]).includes(c)) return `unknown component: ${c}`;
  }
  if (new Set(order).size !== order.length) return 'a component appears twice';
  return null;
}

/** Validates a configured waterfall order (a permutation of penalty, fees, interest, principal). */
export const WaterfallOrderSchema = z
  .array(z.enum(['penalty', 'fees', 'interest', 'principal']))
  .refine(
    (order) => validateWaterfall(order) === null,
    'a permutation of penalty, fees, interest, principal',
  );

/** Amounts per component. */
export interface ComponentAmounts {
  principal: Fen;
  interest: Fen;
  fees: Fen;
  penalty: Fen;
}

/** 期次余额 what one installment owes and what has been paid on it. */
export interface InstallmentBalance {
  seq: number;
  dueOn: BusinessDate;
  due: ComponentAmounts;
  paid: ComponentAmounts;
}

/** One allocation: this much of the payment went to this component of this installment. */
export interface AllocationLine {
  seq: number;
  component: WaterfallComponent;
  amountFen: Fen;
}

/** The result of allocating a payment. */
export interface Allocation {
  lines: AllocationLine[]; // in the order paid; no zero lines
  creditFen: Fen; // 溢缴款 the overpayment, held as credit
  after: InstallmentBalance[]; // the installments with their new paid amounts, in the order given
}

/** 还款冲抵 allocates a payment over installments by the waterfall; the rest becomes credit. */
export function allocatePayment(input: {
  amountFen: Fen;
  installments: readonly InstallmentBalance[];
  order?: readonly WaterfallComponent[];
  mode?: WaterfallMode;
  oldestFirst?: boolean; // default true; false settles the newest installment first
}): Allocation {
  const { amountFen, installments } = input;
  const order = input.order ?? DEFAULT_WATERFALL;
  const mode = input.mode ?? 'installment-first';
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new RangeError(`amountFen must be a non-negative integer, got ${String(amountFen)}`);
  }
  const problem = validateWaterfall(order);
  if (problem) throw new RangeError(`invalid waterfall order: ${problem}`);
  if (mode !== 'installment-first' && mode !== 'component-first') {
    throw new RangeError(`unknown waterfall mode: ${String(mode)}`);
  }
  checkInstallments(installments);

  const after = installments.map(copyBalance);
  const sequence = traversal(after, order, mode, input.oldestFirst ?? true);
  const lines: AllocationLine[] = [];
  let left: number = amountFen;
  for (const { inst, component } of sequence) {
    if (left === 0) break;
    const owed = inst.due[component] - inst.paid[component];
    const pay = Math.min(owed, left);
    if (pay === 0) continue;
    inst.paid[component] = fen(inst.paid[component] + pay);
    left -= pay;
    lines.push({ seq: inst.seq, component, amountFen: fen(pay) });
  }
  return { lines, creditFen: fen(left), after };
}

/**
 * 冲抵顺序 the (installment, component) pairs in the order a payment reaches them. Exported so
 * callers and tests can see exactly what a mode means.
 */
export function waterfallSequence(
  installments: readonly InstallmentBalance[],
  order: readonly WaterfallComponent[] = DEFAULT_WATERFALL,
  mode: WaterfallMode = 'installment-first',
  oldestFirst = true,
): { seq: number; component: WaterfallComponent }[] {
  return traversal(installments, order, mode, oldestFirst).map(({ inst, component }) => ({
    seq: inst.seq,
    component,
  }));
}

/** 冲正 reverses an allocation exactly: subtracts each line from the installment it paid. */
export function reverseAllocation(
  installmentsAfter: readonly InstallmentBalance[],
  lines: readonly AllocationLine[],
): InstallmentBalance[] {
  checkInstallments(installmentsAfter);
  const out = installmentsAfter.map(copyBalance);
  const bySeq = new Map(out.map((i) => [i.seq, i]));
  for (const line of lines) {
    const inst = bySeq.get(line.seq);
    if (!inst) throw new RangeError(`reversal names installment ${line.seq}, which is not given`);
    if (!WATERFALL_COMPONENTS.includes(line.component)) {
      throw new RangeError(`unknown component: ${String(line.component)}`);
    }
    if (!Number.isSafeInteger(line.amountFen) || line.amountFen < 0) {
      throw new RangeError(`reversal amount must be a non-negative integer, got ${line.amountFen}`);
    }
    const paid = inst.paid[line.component] - line.amountFen;
    if (paid < 0) {
      throw new RangeError(
        `reversing ${line.amountFen} of installment ${line.seq} ${line.component} exceeds its paid ${inst.paid[line.component]}`,
      );
    }
    inst.paid[line.component] = fen(paid);
  }
  return out;
}

function traversal(
  installments: readonly InstallmentBalance[],
  order: readonly WaterfallComponent[],
  mode: WaterfallMode,
  oldestFirst: boolean,
): { inst: InstallmentBalance; component: WaterfallComponent }[] {
  // Oldest = earliest due date; seq breaks ties so the order never depends on input order.
  const sorted = [...installments].sort((a, b) => {
    const byAge = compareDates(a.dueOn, b.dueOn) || a.seq - b.seq;
    return oldestFirst ? byAge : -byAge;
  });
  const out: { inst: InstallmentBalance; component: WaterfallComponent }[] = [];
  if (mode === 'installment-first') {
    for (const inst of sorted) for (const component of order) out.push({ inst, component });
  } else {
    for (const component of order) for (const inst of sorted) out.push({ inst, component });
  }
  return out;
}

function copyBalance(i: InstallmentBalance): InstallmentBalance {
  return { seq: i.seq, dueOn: i.dueOn, due: { ...i.due }, paid: { ...i.paid } };
}

function checkInstallments(installments: readonly InstallmentBalance[]): void {
  const seqs = new Set<number>();
  for (const inst of installments) {
    if (seqs.has(inst.seq)) throw new RangeError(`installment ${inst.seq} is given twice`);
    seqs.add(inst.seq);
    for (const c of WATERFALL_COMPONENTS) {
      const due = inst.due[c];
      const paid = inst.paid[c];
      if (!Number.isSafeInteger(due) || !Number.isSafeInteger(paid) || paid < 0 || paid > due) {
        throw new RangeError(`installment ${inst.seq}: ${c} paid ${paid} is outside 0…${due}`);
      }
    }
  }
}
