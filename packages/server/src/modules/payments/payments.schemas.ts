/**
 * Payments API shapes: request bodies come from the domain (shared with the web UI); these
 * are the params, headers and response views.
 */
import { z } from 'zod';

const Fen = z.number().int();
const Component = z.enum(['penalty', 'fees', 'interest', 'principal']);
const Messages = z.object({ 'zh-CN': z.array(z.string()), 'en-US': z.array(z.string()) });

/** Idempotency-Key: any printable ASCII, 1–200 characters (a UUID is the usual choice). */
export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, 'Idempotency-Key: 1–200 printable ASCII characters')
    .optional(),
});

export const LoanRefParams = z.object({ ref: z.string().min(1).max(64) }).strict();

/** A payment's id, or its source reference. */
export const PaymentTargetParams = z.object({ id: z.string().min(1).max(64) }).strict();

export const PaymentView = z.object({
  id: z.string(),
  sourceRef: z.string(),
  loanRef: z.string(),
  amountFen: Fen,
  receivedOn: z.string(),
  channel: z.string(), // PAYMENT_CHANNELS for posted payments; imported ones may carry others
  status: z.enum(['posted', 'reversed']),
  allocatedFen: Fen.nullable(),
  creditFen: Fen,
  // null for a payment that was not posted here (e.g. imported with the loan's history)
  allocation: z
    .object({
      order: z.array(Component),
      lines: z.array(
        z.object({
          seq: z.number().int(),
          component: Component,
          amountFen: Fen,
          penaltyFen: Fen.nullable(),
          compoundFen: Fen.nullable(),
        }),
      ),
    })
    .nullable(),
  postedAt: z.string(),
  postedBy: z.string().nullable(),
  reversedAt: z.string().nullable(),
  reversalReason: z.string().nullable(),
});

export const LoanPositionView = z.object({
  loanRef: z.string(),
  status: z.string(),
  closedOn: z.string().nullable(),
  creditBalanceFen: Fen,
  asOf: z.string(),
  dpd: z.number().int(),
  bucket: z.string(),
  inCollection: z.boolean(),
  outstandingPrincipalFen: Fen,
  overduePrincipalFen: Fen,
  overdueInterestFen: Fen,
  overdueFeesFen: Fen,
  unpaidPenaltyFen: Fen,
});

export const CaseOutcomeView = z.object({
  caseId: z.string(),
  action: z.enum(['updated', 'closed', 'opened']),
  closeReason: z.enum(['cured', 'paid_off']).nullable(),
  stage: z.string(),
  bucket: z.string(),
  dpd: z.number().int(),
});

export const PostPaymentView = z.object({
  payment: PaymentView,
  duplicate: z.boolean(),
  loan: LoanPositionView,
  case: CaseOutcomeView.nullable(),
});

export const ReversePaymentView = z.object({
  payment: PaymentView,
  loan: LoanPositionView,
  case: CaseOutcomeView.nullable(),
});

const DailyChargeGroup = z.object({
  formula: z.enum(['penalty_daily', 'compound_daily']),
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  baseFen: Fen,
  annualRate: z.string(),
  multiplier: z.string(),
  basisDays: z.union([z.literal(360), z.literal(365)]),
  rounding: z.string(),
  dailyFen: Fen,
  subtotalFen: Fen,
  chargedFen: Fen,
  capApplied: z.boolean(),
});

const CostCapRule = z.union([
  z.object({ kind: z.literal('fixed'), annualRate: z.string() }),
  z.object({ kind: z.literal('lpr_multiple'), multiple: z.string() }),
]);

const LateFeeRule = z.union([
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('flat_per_installment'), amountFen: Fen }),
  z.object({
    kind: z.literal('percent_of_overdue_installment'),
    rate: z.string(),
    minFen: Fen.optional(),
    maxFen: Fen.optional(),
  }),
]);

const ComponentBalance = z.object({ dueFen: Fen, paidFen: Fen, outstandingFen: Fen, overdueFen: Fen });

export const LoanChargesView = z.object({
  loanRef: z.string(),
  loanStatus: z.string(),
  businessDate: z.string(),
  terms: z.object({
    annualRate: z.string(),
    penaltyRateMultiplier: z.string(),
    dayCountBasis: z.string(),
    rounding: z.string(),
    compoundOverdueInterest: z.boolean(),
    graceDays: z.number().int(),
    lateFee: LateFeeRule,
    costCap: CostCapRule,
    capRate: z.string(),
  }),
  coverage: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    snapshotDays: z.number().int(),
    explainedDays: z.number().int(),
  }),
  explanation: z.object({
    penalty: z.array(DailyChargeGroup),
    compound: z.array(DailyChargeGroup),
    fees: z.array(
      // always empty here: late fees are listed under lateFees (their bases are not stored)
      z.object({
        formula: z.enum(['late_fee_flat', 'late_fee_percent']),
        date: z.string(),
        installmentSeq: z.number().int(),
        baseFen: Fen,
        rate: z.string().nullable(),
        minFen: Fen.nullable(),
        maxFen: Fen.nullable(),
        amountFen: Fen,
        chargedFen: Fen,
        capApplied: z.boolean(),
      }),
    ),
    cap: z.object({
      formula: z.literal('cost_cap'),
      capRate: z.string(),
      rule: CostCapRule,
      lprOneYear: z.string().nullable(),
      applied: z.boolean(),
      cutFen: Fen,
      firstCappedOn: z.string().nullable(),
      lastCappedOn: z.string().nullable(),
    }),
    totals: z.object({
      penaltyFen: Fen,
      compoundFen: Fen,
      feesFen: Fen,
      chargedFen: Fen,
      beforeCapFen: Fen,
      cutFen: Fen,
    }),
    text: Messages,
  }),
  lateFees: z.object({
    items: z.array(
      z.object({ date: z.string(), chargedFen: Fen, installmentSeqs: z.array(z.number().int()) }),
    ),
    totalFen: Fen,
    text: Messages,
  }),
  unexplainedDays: z.array(
    z.object({ date: z.string(), penaltyFen: Fen, compoundFen: Fen, reason: z.literal('terms_changed') }),
  ),
  reconciliation: z.object({
    penaltyChargedFen: Fen,
    penaltyInSnapshotsFen: Fen,
    compoundChargedFen: Fen,
    compoundInSnapshotsFen: Fen,
    lateFeesInSnapshotsFen: Fen,
  }),
  notes: Messages,
  balances: z.object({
    asOf: z.string(),
    principal: ComponentBalance,
    interest: ComponentBalance,
    fees: ComponentBalance,
    penalty: ComponentBalance,
    compound: ComponentBalance,
    totalOutstandingFen: Fen,
    totalOverdueFen: Fen,
    creditBalanceFen: Fen,
  }),
});
