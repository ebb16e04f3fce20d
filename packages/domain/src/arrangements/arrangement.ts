/**
 * 协商还款 negotiated arrangements (GLOSSARY: extension 展期/延期, installment plan 分期,
 * partial payment 部分还款, settlement 和解结清 with a 减免 waiver): the new schedule each kind
 * gives, what the debtor commits to pay by when (the lines adherence is tracked against), the
 * waiver and its share of what is owed. Money is integer fen throughout; the waiver share is
 * an exact decimal string.
 *
 * A plan never touches what is paid. It replaces some open installments (their unpaid
 * amounts move into the plan's new installments, less any waiver) and leaves the others:
 *
 *   extension         every open installment moves by N days or months, amounts unchanged;
 *                     the debtor commits to the formerly overdue ones at their new dates
 *   installment plan  the overdue installments' unpaid amounts, component by component, are
 *                     split into N monthly installments from the first date (the odd fen go
 *                     to the earliest); installments not yet due stay as they are
 *   partial payment   nothing is rewritten: the debtor commits to pay an amount by a date
 *   settlement        everything unpaid is replaced by one installment of the agreed amount;
 *                     the rest is waived — penalty (罚息, then 复利), fees, then interest;
 *                     principal only where the institution allows it
 *
 * An optional arrangement fee (展期/分期手续费) on an extension or plan is added to the
 * first new installment; it is what can push the loan over the all-in cost cap
 * (see checkAllInCost).
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { addDays, addMonths, type BusinessDate, daysBetween } from '../calendar/business-date.js';
import { costCapFen } from '../charges/cost-cap.js';
import { CodedError } from '../errors/error-codes.js';
import { type Fen, fen, formatCny } from '../money/money.js';

/** The kinds of arrangement. */
export const ARRANGEMENT_KINDS = ['extension', 'installment_plan', 'partial_payment', 'settlement'] as const;
export type ArrangementKind = (typeof ARRANGEMENT_KINDS)[number];

/**
 * The life of an arrangement. Approval is the step that activates it (the schedule is
 * rewritten in the same transaction), so "approved" is an approval step, not a resting state.
 */
export const ARRANGEMENT_STATUSES = [
  'draft',
  'submitted',
  'rejected',
  'active',
  'completed',
  'broken',
  'cancelled',
] as const;
export type ArrangementStatus = (typeof ARRANGEMENT_STATUSES)[number];

/** What a settlement may waive, in the order it is waived. 'penalty' is 罚息 and 复利. */
export const WAIVABLE_COMPONENTS = ['penalty', 'fees', 'interest', 'principal'] as const;
export type WaivableComponent = (typeof WAIVABLE_COMPONENTS)[number];
export const DEFAULT_WAIVED_COMPONENTS: readonly WaivableComponent[] = ['penalty', 'fees', 'interest'];

/** Unpaid (or due, or waived) amounts by component. */
export interface Components {
  principalFen: Fen;
  interestFen: Fen;
  feesFen: Fen;
  penaltyFen: Fen; // 罚息
  compoundFen: Fen; // 复利
}

const COMPONENT_KEYS = ['principalFen', 'interestFen', 'feesFen', 'penaltyFen', 'compoundFen'] as const;

export const ZERO_COMPONENTS: Components = {
  principalFen: fen(0),
  interestFen: fen(0),
  feesFen: fen(0),
  penaltyFen: fen(0),
  compoundFen: fen(0),
};

/** The sum of all components. */
export function componentsTotal(c: Components): Fen {
  return fen(COMPONENT_KEYS.reduce((s, k) => s + c[k], 0));
}

function addComponents(a: Components, b: Components): Components {
  return {
    principalFen: fen(a.principalFen + b.principalFen),
    interestFen: fen(a.interestFen + b.interestFen),
    feesFen: fen(a.feesFen + b.feesFen),
    penaltyFen: fen(a.penaltyFen + b.penaltyFen),
    compoundFen: fen(a.compoundFen + b.compoundFen),
  };
}

/** An open installment of the loan: its number, due date and what is still unpaid on it. */
export interface OpenInstallment {
  seq: number;
  dueOn: BusinessDate;
  unpaid: Components;
}

const Day = z.iso.date();
const PositiveFen = z.int().positive().max(Number.MAX_SAFE_INTEGER);
const FeeFen = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The terms a collector proposes; validated at the edge and again by computeArrangement. */
export const ArrangementTermsSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('extension'),
      unit: z.enum(['days', 'months']),
      count: z.int().positive(),
      feeFen: FeeFen.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('installment_plan'),
      count: z.int().positive(),
      firstDueOn: Day,
      feeFen: FeeFen.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('partial_payment'), amountFen: PositiveFen, dueOn: Day }).strict(),
  z
    .object({
      kind: z.literal('settlement'),
      amountFen: PositiveFen,
      dueOn: Day,
      waive: z.array(z.enum(WAIVABLE_COMPONENTS)).min(1).max(4).optional(),
    })
    .strict(),
]);
export type ArrangementTerms = z.infer<typeof ArrangementTermsSchema>;

/** The institution's limits on what a collector may propose. */
export interface ArrangementPolicy {
  maxExtensionDays: number;
  maxExtensionMonths: number;
  maxPlanInstallments: number;
  /** The first date the debtor pays on (plan, partial payment, settlement): at most this many days ahead. */
  maxDaysToFirstPayment: number;
  /** 本金减免 whether a settlement may waive principal at all. */
  allowPrincipalWaiver: boolean;
  /** Days after a plan date a payment still counts before the plan is broken. */
  graceDays: number;
  /** 审批时限 working days to answer a submitted arrangement (cn.request-response: 7). */
  slaWorkingDays: number;
}

export const DEFAULT_ARRANGEMENT_POLICY: ArrangementPolicy = {
  maxExtensionDays: 90,
  maxExtensionMonths: 6,
  maxPlanInstallments: 24,
  maxDaysToFirstPayment: 30,
  allowPrincipalWaiver: false,
  graceDays: 0,
  slaWorkingDays: 7,
};

/** A new installment of the plan (appended to the loan on approval). */
export interface PlanInstallment extends Components {
  dueOn: BusinessDate;
  totalFen: Fen;
}

/** 还款承诺 what the debtor commits to pay by a date; cumulative amounts are what adherence checks. */
export interface PlanLine {
  n: number;
  dueOn: BusinessDate;
  amountFen: Fen;
  cumulativeFen: Fen;
}

/** The computed arrangement: what it replaces, the new installments, the commitment and the waiver. */
export interface ArrangementPlan {
  kind: ArrangementKind;
  /** The open installments the plan replaces (closed as they stand on approval). */
  replacedSeqs: number[];
  /** The new installments, in due-date order. */
  installments: PlanInstallment[];
  lines: PlanLine[];
  /** What the arrangement is about: the overdue total (settlement: everything unpaid). */
  owedFen: Fen;
  planTotalFen: Fen;
  feeFen: Fen;
  waiver: Components;
  waiverFen: Fen;
  /** waived ÷ owed, a decimal string to 4 places (rounded up: never understated to an approver). */
  waiverShare: string;
}

/** 减免比例 waived ÷ owed, 4 decimal places, rounded up ("0" when nothing is owed). */
export function waiverShareOf(waivedFen: number, owedFen: number): string {
  if (owedFen <= 0) return '0';
  return new Decimal(waivedFen).dividedBy(owedFen).toDecimalPlaces(4, Decimal.ROUND_UP).toFixed();
}

/** Splits `total` fen into `n` whole-fen parts that differ by at most 1 fen, the larger ones first. */
export function splitEvenly(total: number, n: number): Fen[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`total must be whole fen ≥ 0, got ${total}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be ≥ 1, got ${n}`);
  const base = Math.floor(total / n);
  const extra = total - base * n;
  return Array.from({ length: n }, (_, i) => fen(base + (i < extra ? 1 : 0)));
}

function unpaidTotal(i: OpenInstallment): number {
  return componentsTotal(i.unpaid);
}

function planInstallment(dueOn: BusinessDate, c: Components): PlanInstallment {
  return { dueOn, ...c, totalFen: componentsTotal(c) };
}

function linesOf(items: readonly { dueOn: BusinessDate; amountFen: number }[]): PlanLine[] {
  let cumulative = 0;
  return items.map((item, i) => {
    cumulative += item.amountFen;
    return { n: i + 1, dueOn: item.dueOn, amountFen: fen(item.amountFen), cumulativeFen: fen(cumulative) };
  });
}

function checkPaymentDate(date: BusinessDate, businessDate: BusinessDate, policy: ArrangementPolicy): void {
  if (date < businessDate) throw new CodedError('ARRANGEMENT_DATE_PAST', { date, businessDate });
  const latest = addDays(businessDate, policy.maxDaysToFirstPayment);
  if (date > latest) throw new CodedError('ARRANGEMENT_DATE_TOO_FAR', { date, latest });
}

/**
 * 方案试算 computes the arrangement for the loan's open installments on the business date,
 * refusing (CodedError) terms outside the policy or that do not fit the debt.
 */
export function computeArrangement(input: {
  terms: ArrangementTerms;
  businessDate: BusinessDate;
  /** Every installment with something unpaid, in any order. */
  installments: readonly OpenInstallment[];
  policy?: ArrangementPolicy;
}): ArrangementPlan {
  const { terms, businessDate } = input;
  const policy = input.policy ?? DEFAULT_ARRANGEMENT_POLICY;
  const open = [...input.installments]
    .filter((i) => unpaidTotal(i) > 0)
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.seq - b.seq));
  const overdue = open.filter((i) => i.dueOn < businessDate);
  const overdueFen = overdue.reduce((s, i) => s + unpaidTotal(i), 0);
  const noWaiver = { waiver: ZERO_COMPONENTS, waiverFen: fen(0), waiverShare: '0' };

  switch (terms.kind) {
    case 'extension': {
      if (overdue.length === 0) throw new CodedError('ARRANGEMENT_NOTHING_OVERDUE');
      const max = terms.unit === 'days' ? policy.maxExtensionDays : policy.maxExtensionMonths;
      if (terms.count > max) {
        throw new CodedError('ARRANGEMENT_COUNT_INVALID', { count: terms.count, min: 1, max });
      }
      const move = (d: BusinessDate) =>
        terms.unit === 'days' ? addDays(d, terms.count) : addMonths(d, terms.count);
      const feeFen = terms.feeFen ?? 0;
      const installments = open.map((i, index) =>
        planInstallment(
          move(i.dueOn),
          index === 0 ? { ...i.unpaid, feesFen: fen(i.unpaid.feesFen + feeFen) } : i.unpaid,
        ),
      );
      const firstMoved = installments[0]!.dueOn;
      if (firstMoved < businessDate) {
        // Moved from its own due date, the oldest installment would still be overdue.
        throw new CodedError('ARRANGEMENT_DATE_PAST', { date: firstMoved, businessDate });
      }
      const committed = installments.slice(0, overdue.length);
      const lines = linesOf(committed.map((i) => ({ dueOn: i.dueOn, amountFen: i.totalFen })));
      return {
        kind: terms.kind,
        replacedSeqs: open.map((i) => i.seq),
        installments,
        lines,
        owedFen: fen(overdueFen),
        planTotalFen: lines.at(-1)!.cumulativeFen,
        feeFen: fen(feeFen),
        ...noWaiver,
      };
    }
    case 'installment_plan': {
      if (overdue.length === 0) throw new CodedError('ARRANGEMENT_NOTHING_OVERDUE');
      if (terms.count < 2 || terms.count > policy.maxPlanInstallments) {
        throw new CodedError('ARRANGEMENT_COUNT_INVALID', {
          count: terms.count,
          min: 2,
          max: policy.maxPlanInstallments,
        });
      }
      checkPaymentDate(terms.firstDueOn, businessDate, policy);
      const owed = overdue.reduce((s, i) => addComponents(s, i.unpaid), ZERO_COMPONENTS);
      const parts = Object.fromEntries(
        COMPONENT_KEYS.map((k) => [k, splitEvenly(owed[k], terms.count)]),
      ) as Record<(typeof COMPONENT_KEYS)[number], Fen[]>;
      const feeFen = terms.feeFen ?? 0;
      const installments = Array.from({ length: terms.count }, (_, n) =>
        planInstallment(addMonths(terms.firstDueOn, n), {
          principalFen: parts.principalFen[n]!,
          interestFen: parts.interestFen[n]!,
          feesFen: fen(parts.feesFen[n]! + (n === 0 ? feeFen : 0)),
          penaltyFen: parts.penaltyFen[n]!,
          compoundFen: parts.compoundFen[n]!,
        }),
      );
      const lines = linesOf(installments.map((i) => ({ dueOn: i.dueOn, amountFen: i.totalFen })));
      return {
        kind: terms.kind,
        replacedSeqs: overdue.map((i) => i.seq),
        installments,
        lines,
        owedFen: fen(overdueFen),
        planTotalFen: lines.at(-1)!.cumulativeFen,
        feeFen: fen(feeFen),
        ...noWaiver,
      };
    }
    case 'partial_payment': {
      if (overdue.length === 0) throw new CodedError('ARRANGEMENT_NOTHING_OVERDUE');
      if (terms.amountFen >= overdueFen) {
        throw new CodedError('ARRANGEMENT_AMOUNT_INVALID', {
          amount: formatCny(fen(terms.amountFen)),
          owed: formatCny(fen(overdueFen)),
        });
      }
      checkPaymentDate(terms.dueOn, businessDate, policy);
      const lines = linesOf([{ dueOn: terms.dueOn, amountFen: terms.amountFen }]);
      return {
        kind: terms.kind,
        replacedSeqs: [],
        installments: [],
        lines,
        owedFen: fen(overdueFen),
        planTotalFen: fen(terms.amountFen),
        feeFen: fen(0),
        ...noWaiver,
      };
    }
    case 'settlement': {
      const owed = open.reduce((s, i) => addComponents(s, i.unpaid), ZERO_COMPONENTS);
      const owedFen = componentsTotal(owed);
      if (owedFen === 0) throw new CodedError('ARRANGEMENT_NOTHING_OVERDUE');
      if (terms.amountFen > owedFen) {
        throw new CodedError('ARRANGEMENT_AMOUNT_INVALID', {
          amount: formatCny(fen(terms.amountFen)),
          owed: formatCny(owedFen),
        });
      }
      checkPaymentDate(terms.dueOn, businessDate, policy);
      const waive = new Set(terms.waive ?? DEFAULT_WAIVED_COMPONENTS);
      if (waive.has('principal') && !policy.allowPrincipalWaiver) {
        throw new CodedError('ARRANGEMENT_WAIVES_PRINCIPAL', {
          amount: formatCny(fen(owedFen - terms.amountFen)),
        });
      }
      // Waived in this order, each component in full before the next.
      const order: (typeof COMPONENT_KEYS)[number][] = [];
      if (waive.has('penalty')) order.push('penaltyFen', 'compoundFen');
      if (waive.has('fees')) order.push('feesFen');
      if (waive.has('interest')) order.push('interestFen');
      if (waive.has('principal')) order.push('principalFen');
      let left = owedFen - terms.amountFen;
      const waiver: Components = { ...ZERO_COMPONENTS };
      for (const key of order) {
        const take = Math.min(left, owed[key]);
        waiver[key] = fen(take);
        left -= take;
      }
      if (left > 0) {
        // What cannot be waived (principal by default) exceeds the agreed amount.
        throw new CodedError('ARRANGEMENT_WAIVER_NOT_ALLOWED', {
          amount: formatCny(fen(terms.amountFen)),
          minimum: formatCny(fen(terms.amountFen + left)),
        });
      }
      const remaining: Components = {
        principalFen: fen(owed.principalFen - waiver.principalFen),
        interestFen: fen(owed.interestFen - waiver.interestFen),
        feesFen: fen(owed.feesFen - waiver.feesFen),
        penaltyFen: fen(owed.penaltyFen - waiver.penaltyFen),
        compoundFen: fen(owed.compoundFen - waiver.compoundFen),
      };
      const installment = planInstallment(terms.dueOn, remaining);
      const waiverFen = componentsTotal(waiver);
      return {
        kind: terms.kind,
        replacedSeqs: open.map((i) => i.seq),
        installments: [installment],
        lines: linesOf([{ dueOn: terms.dueOn, amountFen: terms.amountFen }]),
        owedFen,
        planTotalFen: fen(terms.amountFen),
        feeFen: fen(0),
        waiver,
        waiverFen,
        waiverShare: waiverShareOf(waiverFen, owedFen),
      };
    }
  }
}

/**
 * 综合成本校验 the all-in cost check of a plan: everything the loan charges over its life once
 * the plan is in force — contract interest, fees (with the plan's fee), penalty and compound
 * interest, less the waiver — may not exceed the cap on the principal-days the plan gives
 * (those to date, plus each unpaid principal fen until its new due date):
 *
 *     charges_after = charges_before + fee − waiver(interest, fees, penalty, compound)
 *     cap_after     = capRate × (principalDaysToDate + Σ principal_i × days(today → due_i)) ÷ 365
 *
 * A plan that adds nothing (no fee, or a waiver at least as large) always passes: it cannot
 * push the cost up, even on a loan already above the cap. Returns the figures; throws
 * ARRANGEMENT_COST_CAP_EXCEEDED when the plan would breach the cap.
 */
export function checkAllInCost(input: {
  plan: ArrangementPlan;
  businessDate: BusinessDate;
  /** Interest, fees, penalty and compound interest charged over the whole schedule before the plan. */
  chargesBeforeFen: number;
  /** 本金·天数 to the business date (loan_state.principal_days). */
  principalDaysToDate: number;
  /** The loan's unpaid principal by due date once the plan is in force (kept and new installments). */
  principalAfter: readonly { dueOn: BusinessDate; principalFen: number }[];
  capRate: string;
}): { chargesAfterFen: Fen; capFen: Fen; addedFen: Fen } {
  const { plan } = input;
  const waivedCharges = plan.waiverFen - plan.waiver.principalFen;
  const added = plan.feeFen - waivedCharges;
  const chargesAfter = input.chargesBeforeFen + added;
  let principalDays = input.principalDaysToDate;
  for (const p of input.principalAfter) {
    principalDays += p.principalFen * Math.max(0, daysBetween(input.businessDate, p.dueOn));
  }
  const capFen = costCapFen(input.capRate, principalDays);
  if (added > 0 && chargesAfter > capFen) {
    throw new CodedError('ARRANGEMENT_COST_CAP_EXCEEDED', {
      cost: formatCny(fen(chargesAfter)),
      cap: formatCny(capFen),
      fee: formatCny(plan.feeFen),
    });
  }
  return { chargesAfterFen: fen(chargesAfter), capFen, addedFen: fen(added) };
}
