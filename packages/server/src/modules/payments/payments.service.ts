/**
 * 还款入账 payment posting and 冲正 reversal (DESIGN.md §2 flow 5): a payment is allocated by
 * the product's waterfall, oldest installment first, and the loan's delinquency and case are
 * updated at once — not at the next daily run. Each use case is one transaction of explicit
 * steps (Medusa-workflow style); see docs/payments.md.
 */
import { createHash } from 'node:crypto';
import {
  type Allocation,
  type AllocationLine,
  allocatePayment,
  type BusinessDate,
  CodedError,
  canonicalJson,
  DEFAULT_WATERFALL,
  type Fen,
  fen,
  type InstallmentBalance,
  type LoanDelinquency,
  loanDelinquency,
  type OperatorPostPayment,
  reverseAllocation,
  stageForBucket,
  validateWaterfall,
  type WaterfallComponent,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { SystemService } from '../system/system.service.js';
import type {
  CaseEventInsert,
  CaseRow,
  InstallmentPaidWrite,
  PaymentInstallmentRow,
  PaymentLoanRow,
  PaymentRow,
} from './payments.repository.js';

/** The idempotent_request scope of POST /payments. */
export const PAYMENTS_IDEMPOTENCY_SCOPE = 'payments';

/** The waterfall mode payments use: each installment is cleared, oldest first, before the next is touched. */
const WATERFALL_MODE = 'installment-first' as const;

/**
 * Within the waterfall's 'penalty' component an installment owes two charges: 罚息 penalty
 * interest and 复利 compound interest. Penalty is paid first, then compound, following the
 * clause of Chinese loan contracts "按照实现债权的费用、罚息、复利、利息、本金的顺序清偿"
 * (costs, penalty interest, compound interest, interest, principal).
 */
export const PENALTY_COMPONENT_ORDER = ['penalty', 'compound'] as const;

/** Collection stages a payment may move a case between; later stages (legal, agency, write-off) are kept. */
const BUCKET_STAGES = new Set(['early', 'middle', 'late']);

/** One allocation line as stored on the payment: the domain line, with a penalty line split into penalty and compound. */
export interface StoredAllocationLine {
  seq: number;
  component: WaterfallComponent;
  amountFen: number;
  penaltyFen?: number; // 'penalty' lines only: the part that paid 罚息
  compoundFen?: number; // 'penalty' lines only: the part that paid 复利
}

/** payment.allocation: how the payment was spread, enough to reverse it exactly. */
export interface StoredAllocation {
  order: WaterfallComponent[];
  mode: typeof WATERFALL_MODE;
  penaltyOrder: typeof PENALTY_COMPONENT_ORDER;
  lines: StoredAllocationLine[];
  settledSeqs: number[]; // installments this payment settled (it set their paid_off_on)
}

export interface PaymentView {
  id: string;
  sourceRef: string;
  loanRef: string;
  amountFen: number;
  receivedOn: string;
  channel: string; // a PaymentChannel when posted here
  status: 'posted' | 'reversed';
  allocatedFen: number | null;
  creditFen: number;
  /** null for a payment not posted here (e.g. imported with the loan's history). */
  allocation: {
    order: WaterfallComponent[];
    lines: {
      seq: number;
      component: WaterfallComponent;
      amountFen: number;
      penaltyFen: number | null;
      compoundFen: number | null;
    }[];
  } | null;
  postedAt: string;
  postedBy: string | null;
  reversedAt: string | null;
  reversalReason: string | null;
}

/** A loan's position right after a payment or reversal. */
export interface LoanPositionView {
  loanRef: string;
  status: string;
  closedOn: string | null;
  creditBalanceFen: number;
  asOf: string;
  dpd: number;
  bucket: string;
  inCollection: boolean;
  outstandingPrincipalFen: number;
  overduePrincipalFen: number;
  overdueInterestFen: number;
  overdueFeesFen: number;
  unpaidPenaltyFen: number; // 罚息 + 复利 accrued and unpaid, all installments
}

/** What a payment or reversal did to the loan's collection case. */
export interface CaseOutcomeView {
  caseId: string;
  action: 'updated' | 'closed' | 'opened';
  closeReason: 'cured' | 'paid_off' | null;
  stage: string;
  bucket: string;
  dpd: number;
}

export interface PostPaymentResult {
  payment: PaymentView;
  duplicate: boolean; // true: a payment with this sourceRef existed and is returned unchanged
  loan: LoanPositionView;
  case: CaseOutcomeView | null;
}

export interface ReversePaymentResult {
  payment: PaymentView;
  loan: LoanPositionView;
  case: CaseOutcomeView | null;
}

/** The HTTP status and body of a post, as stored for Idempotency-Key replays. */
export interface PostPaymentOutcome {
  statusCode: 200 | 201;
  body: PostPaymentResult;
  replayed: boolean;
}

/** What later modules' posting steps receive. */
export interface PaymentPostedEvent {
  paymentId: string;
  loanId: string;
  customerId: string;
  amountFen: number;
  receivedOn: string;
  businessDate: string;
  delinquency: LoanDelinquency;
  paidOff: boolean;
  caseId: string | null;
}

/** What later modules' reversal steps receive. */
export interface PaymentReversedEvent {
  paymentId: string;
  loanId: string;
  customerId: string;
  amountFen: number;
  businessDate: string;
  delinquency: LoanDelinquency;
  caseId: string | null;
}

/**
 * A step another module adds to the posting (or reversal) transaction. It runs after the
 * loan state and case are updated and before the audit event, with the same repositories, so
 * its writes commit or roll back with the payment.
 */
export interface PaymentStep<E> {
  name: string;
  run(t: Repositories, event: E): Promise<void>;
}

/**
 * The steps later modules plug into posting and reversal, in order (wired in services.ts):
 *   after posting:  'promises.markKept'        — the payment counts towards the loan's pending 承诺还款
 *                                                PTP, kept once the amount is reached or the case settles
 *                   'actions.cancelPending'    — planned reminders of a cured or paid-off case are cancelled
 *                                                (no collection message may go out after the debt was paid)
 *   after reversal: 'promises.reopenKept'      — a promise the bounced payment counted for takes it back
 *                                                (kept → pending, or partly kept / broken past its deadline)
 */
export interface PaymentSteps {
  afterPosting: readonly PaymentStep<PaymentPostedEvent>[];
  afterReversal: readonly PaymentStep<PaymentReversedEvent>[];
}

export const NO_PAYMENT_STEPS: PaymentSteps = { afterPosting: [], afterReversal: [] };

// --- pure helpers ---------------------------------------------------------------------------

function balanceOf(i: PaymentInstallmentRow): InstallmentBalance {
  return {
    seq: i.seq,
    dueOn: i.due_on,
    // The waterfall's 'penalty' is everything charged for lateness on the installment: 罚息 + 复利.
    due: {
      principal: fen(i.principal_due_fen),
      interest: fen(i.interest_due_fen),
      fees: fen(i.fee_due_fen),
      penalty: fen(i.penalty_due_fen + i.compound_due_fen),
    },
    paid: {
      principal: fen(i.principal_paid_fen),
      interest: fen(i.interest_paid_fen),
      fees: fen(i.fee_paid_fen),
      penalty: fen(i.penalty_paid_fen + i.compound_paid_fen),
    },
  };
}

function isSettled(i: PaymentInstallmentRow): boolean {
  return (
    i.principal_paid_fen === i.principal_due_fen &&
    i.interest_paid_fen === i.interest_due_fen &&
    i.fee_paid_fen === i.fee_due_fen &&
    i.penalty_paid_fen === i.penalty_due_fen &&
    i.compound_paid_fen === i.compound_due_fen
  );
}

function unpaidPenaltyOf(installments: readonly PaymentInstallmentRow[]): number {
  return installments.reduce(
    (s, i) => s + (i.penalty_due_fen - i.penalty_paid_fen) + (i.compound_due_fen - i.compound_paid_fen),
    0,
  );
}

function delinquencyOf(
  businessDate: BusinessDate,
  graceDays: number,
  installments: readonly PaymentInstallmentRow[],
): LoanDelinquency {
  return loanDelinquency({
    asOf: businessDate,
    graceDays,
    installments: installments.map((i) => ({
      seq: i.seq,
      dueOn: i.due_on,
      principalDueFen: fen(i.principal_due_fen),
      interestDueFen: fen(i.interest_due_fen),
      feeDueFen: fen(i.fee_due_fen),
      principalPaidFen: fen(i.principal_paid_fen),
      interestPaidFen: fen(i.interest_paid_fen),
      feePaidFen: fen(i.fee_paid_fen),
    })),
  });
}

function waterfallOf(loan: PaymentLoanRow): WaterfallComponent[] {
  const order = loan.waterfall?.length ? loan.waterfall : [...DEFAULT_WATERFALL];
  const problem = validateWaterfall(order);
  if (problem) throw new Error(`product of loan ${loan.id} has an invalid waterfall: ${problem}`);
  return order as WaterfallComponent[];
}

/**
 * Applies domain allocation lines to installment rows: each 'penalty' line is split into
 * penalty then compound (PENALTY_COMPONENT_ORDER). Returns the new rows and the stored lines.
 */
function applyLines(
  installments: readonly PaymentInstallmentRow[],
  lines: readonly AllocationLine[],
): { after: PaymentInstallmentRow[]; stored: StoredAllocationLine[] } {
  const after = installments.map((i) => ({ ...i }));
  const bySeq = new Map(after.map((i) => [i.seq, i]));
  const stored: StoredAllocationLine[] = [];
  for (const line of lines) {
    const inst = bySeq.get(line.seq)!;
    switch (line.component) {
      case 'principal':
        inst.principal_paid_fen += line.amountFen;
        stored.push({ seq: line.seq, component: line.component, amountFen: line.amountFen });
        break;
      case 'interest':
        inst.interest_paid_fen += line.amountFen;
        stored.push({ seq: line.seq, component: line.component, amountFen: line.amountFen });
        break;
      case 'fees':
        inst.fee_paid_fen += line.amountFen;
        stored.push({ seq: line.seq, component: line.component, amountFen: line.amountFen });
        break;
      case 'penalty': {
        const penalty = Math.min(line.amountFen, inst.penalty_due_fen - inst.penalty_paid_fen);
        const compound = line.amountFen - penalty;
        inst.penalty_paid_fen += penalty;
        inst.compound_paid_fen += compound;
        stored.push({
          seq: line.seq,
          component: 'penalty',
          amountFen: line.amountFen,
          penaltyFen: penalty,
          compoundFen: compound,
        });
        break;
      }
    }
  }
  return { after, stored };
}

function parseStoredAllocation(value: unknown): StoredAllocation | null {
  if (!value || typeof value !== 'object') return null;
  const a = value as Partial<StoredAllocation>;
  if (!Array.isArray(a.lines)) return null;
  return {
    order: (a.order ?? [...DEFAULT_WATERFALL]) as WaterfallComponent[],
    mode: WATERFALL_MODE,
    penaltyOrder: PENALTY_COMPONENT_ORDER,
    lines: a.lines as StoredAllocationLine[],
    settledSeqs: Array.isArray(a.settledSeqs) ? a.settledSeqs : [],
  };
}

/** The request fingerprint an Idempotency-Key is bound to. */
export function paymentRequestHash(input: OperatorPostPayment): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

const isUuid = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

// --- the service ----------------------------------------------------------------------------

/** 还款入账与冲正 payment posting and reversal. */
export class PaymentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly system: SystemService,
    private readonly clock: Clock,
    private readonly steps: PaymentSteps = NO_PAYMENT_STEPS,
  ) {}

  /**
   * 还款入账 posts a payment in one transaction. With an Idempotency-Key, a replay of the same
   * request returns the original status and body without posting again; the same key with a
   * different request is refused. A payment whose sourceRef exists is returned unchanged when
   * it is the same payment (loan, amount, date, channel), refused otherwise.
   */
  async post(
    input: OperatorPostPayment,
    actor: Actor,
    options: { idempotencyKey?: string | undefined } = {},
  ): Promise<PostPaymentOutcome> {
    const key = options.idempotencyKey;
    const requestHash = key === undefined ? null : paymentRequestHash(input);
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      if (key !== undefined && requestHash !== null) {
        await t.idempotentRequests.lock(PAYMENTS_IDEMPOTENCY_SCOPE, key);
        const seen = await t.idempotentRequests.find(PAYMENTS_IDEMPOTENCY_SCOPE, key);
        if (seen) {
          if (seen.request_hash !== requestHash) throw new CodedError('IDEMPOTENCY_KEY_REUSED', { key });
          return {
            statusCode: seen.status_code as 200 | 201,
            body: seen.response as PostPaymentResult,
            replayed: true,
          };
        }
      }
      const outcome = await this.postSteps(t, input, actor, businessDate, key ?? null);
      if (key !== undefined && requestHash !== null) {
        // Only successes are remembered: a refused request rolls back and may be retried with the same key.
        await t.idempotentRequests.insert({
          scope: PAYMENTS_IDEMPOTENCY_SCOPE,
          key,
          request_hash: requestHash,
          status_code: outcome.statusCode,
          response: outcome.body,
          createdAt: this.clock.now(),
        });
      }
      return outcome;
    });
  }

  /** The posting workflow: each step is a small method, in this order. */
  private async postSteps(
    t: Repositories,
    input: OperatorPostPayment,
    actor: Actor,
    businessDate: BusinessDate,
    idempotencyKey: string | null,
  ): Promise<PostPaymentOutcome> {
    // 1. Lock the loan: postings and reversals of one loan run one at a time.
    const loan = await this.lockLoan(t, input.loanRef);
    // 2. The book is idempotent on the core system's payment reference.
    const existing = await t.payments.findPaymentBySourceRef(input.sourceRef);
    if (existing) return this.duplicateOf(t, existing, input, loan, businessDate);
    // 3. Refuse what cannot be posted.
    this.checkPostable(loan, input, businessDate);
    // 4. Load the installments and allocate by the product's waterfall (pure domain).
    const before = await t.payments.installmentsOf(loan.id);
    const allocated = this.allocate(loan, before, input.amountFen);
    // 5. Write the paid amounts and settlement dates.
    const after = await this.writeInstallments(t, loan, before, allocated.after, input.receivedOn);
    // 6. Record the payment with its allocation; 7. hold any overpayment as credit.
    const paymentId = await this.recordPayment(
      t,
      loan,
      input,
      allocated,
      after.settledSeqs,
      actor,
      idempotencyKey,
    );
    // 8. Recompute the loan's delinquency now (loan status, credit, loan_state).
    const position = await this.updateLoan(t, loan, after.rows, allocated.creditFen, businessDate);
    // 9. Move, cure or close the open case.
    const caseOutcome = await this.updateCaseAfterPayment(t, loan, position, businessDate, {
      paymentId,
      amountFen: input.amountFen,
      creditFen: allocated.creditFen,
    });
    // 10. Steps of later modules (promises kept, pending reminders cancelled): see PaymentSteps.
    const event: PaymentPostedEvent = {
      paymentId,
      loanId: loan.id,
      customerId: loan.customer_id,
      amountFen: input.amountFen,
      receivedOn: input.receivedOn,
      businessDate,
      delinquency: position.delinquency,
      paidOff: position.paidOff,
      caseId: caseOutcome?.caseId ?? null,
    };
    for (const step of this.steps.afterPosting) await step.run(t, event);
    // 11. Audit (ids and amounts only: no personal data).
    await this.audit.append(t.audit, actor, {
      action: 'payment.post',
      targetType: 'payment',
      targetId: paymentId,
      after: {
        loanId: loan.id,
        amountFen: input.amountFen,
        receivedOn: input.receivedOn,
        channel: input.channel,
        allocatedFen: input.amountFen - allocated.creditFen,
        creditFen: allocated.creditFen,
        dpd: position.delinquency.dpd,
        loanStatus: position.status,
        case: caseOutcome ? { id: caseOutcome.caseId, action: caseOutcome.action } : null,
      },
    });
    const payment = (await t.payments.findPaymentById(paymentId))!;
    return {
      statusCode: 201,
      replayed: false,
      body: { payment: paymentView(payment), duplicate: false, loan: position.view, case: caseOutcome },
    };
  }

  private async lockLoan(t: Repositories, loanRef: string): Promise<PaymentLoanRow> {
    const loan = await t.payments.lockLoanByRef(loanRef);
    if (!loan) throw new CodedError('LOAN_NOT_FOUND', { ref: loanRef });
    return loan;
  }

  /** A payment with this sourceRef exists: the same payment is returned; a different one is a conflict. */
  private async duplicateOf(
    t: Repositories,
    existing: PaymentRow,
    input: OperatorPostPayment,
    loan: PaymentLoanRow,
    businessDate: BusinessDate,
  ): Promise<PostPaymentOutcome> {
    const differs: string[] = [];
    if (existing.loan_id !== loan.id) differs.push('loanRef');
    if (existing.amount_fen !== input.amountFen) differs.push('amountFen');
    if (existing.received_on !== input.receivedOn) differs.push('receivedOn');
    if (existing.channel !== input.channel) differs.push('channel');
    if (differs.length > 0) {
      throw new CodedError('PAYMENT_SOURCE_REF_CONFLICT', {
        sourceRef: input.sourceRef,
        fields: differs.join(', '),
      });
    }
    const installments = await t.payments.installmentsOf(loan.id);
    return {
      statusCode: 200,
      replayed: false,
      body: {
        payment: paymentView(existing),
        duplicate: true,
        loan: positionOf(
          loan,
          installments,
          businessDate,
          loan.status,
          loan.closed_on,
          loan.credit_balance_fen,
        ).view,
        case: null,
      },
    };
  }

  private checkPostable(loan: PaymentLoanRow, input: OperatorPostPayment, businessDate: BusinessDate): void {
    // A written-off loan still takes payments: 账销案存, recoveries continue and are allocated normally.
    if (loan.status !== 'active' && loan.status !== 'written_off') {
      throw new CodedError('PAYMENT_LOAN_CLOSED', { ref: loan.source_ref, status: loan.status });
    }
    if (input.receivedOn > businessDate) {
      throw new CodedError('PAYMENT_RECEIVED_AFTER_BUSINESS_DATE', {
        receivedOn: input.receivedOn,
        businessDate,
      });
    }
    if (input.receivedOn < loan.disbursed_on) {
      throw new CodedError('PAYMENT_RECEIVED_BEFORE_DISBURSEMENT', {
        receivedOn: input.receivedOn,
        disbursedOn: loan.disbursed_on,
      });
    }
  }

  /**
   * Every installment is offered, oldest due date first: what is due is settled first and the
   * rest prepays the next installments in schedule order; only what exceeds everything the loan
   * owes becomes credit (溢缴款).
   */
  private allocate(loan: PaymentLoanRow, installments: readonly PaymentInstallmentRow[], amountFen: number) {
    const order = waterfallOf(loan);
    const allocation: Allocation = allocatePayment({
      amountFen: fen(amountFen),
      installments: installments.map(balanceOf),
      order,
      mode: WATERFALL_MODE,
    });
    const applied = applyLines(installments, allocation.lines);
    return { order, lines: applied.stored, after: applied.after, creditFen: allocation.creditFen };
  }

  private async writeInstallments(
    t: Repositories,
    loan: PaymentLoanRow,
    before: readonly PaymentInstallmentRow[],
    after: PaymentInstallmentRow[],
    receivedOn: string,
  ): Promise<{ rows: PaymentInstallmentRow[]; settledSeqs: number[] }> {
    const writes: InstallmentPaidWrite[] = [];
    const settledSeqs: number[] = [];
    for (const [index, row] of after.entries()) {
      const old = before[index]!;
      const changed =
        row.principal_paid_fen !== old.principal_paid_fen ||
        row.interest_paid_fen !== old.interest_paid_fen ||
        row.fee_paid_fen !== old.fee_paid_fen ||
        row.penalty_paid_fen !== old.penalty_paid_fen ||
        row.compound_paid_fen !== old.compound_paid_fen;
      if (!changed) continue;
      // 结清 the installment is settled when nothing at all is owed on it; an existing date is kept.
      if (isSettled(row) && row.paid_off_on === null) {
        row.paid_off_on = receivedOn;
        settledSeqs.push(row.seq);
      }
      writes.push(paidWrite(row));
    }
    await t.payments.writeInstallmentsPaid(loan.id, writes);
    return { rows: after, settledSeqs };
  }

  private async recordPayment(
    t: Repositories,
    loan: PaymentLoanRow,
    input: OperatorPostPayment,
    allocated: { order: WaterfallComponent[]; lines: StoredAllocationLine[]; creditFen: Fen },
    settledSeqs: number[],
    actor: Actor,
    idempotencyKey: string | null,
  ): Promise<string> {
    const allocation: StoredAllocation = {
      order: allocated.order,
      mode: WATERFALL_MODE,
      penaltyOrder: PENALTY_COMPONENT_ORDER,
      lines: allocated.lines,
      settledSeqs,
    };
    const id = await t.payments.insertPayment({
      source_ref: input.sourceRef,
      loan_id: loan.id,
      amount_fen: input.amountFen,
      received_on: input.receivedOn,
      channel: input.channel,
      allocation,
      credit_fen: allocated.creditFen,
      idempotency_key: idempotencyKey,
      posted_by: actor.userId,
      created_at: this.clock.now(),
    });
    if (id === null) {
      // Taken by a concurrent request (for another loan: this loan is locked) or a purged key.
      if (await t.payments.findPaymentBySourceRef(input.sourceRef)) {
        throw new CodedError('PAYMENT_SOURCE_REF_CONFLICT', {
          sourceRef: input.sourceRef,
          fields: 'loanRef',
        });
      }
      throw new CodedError('IDEMPOTENCY_KEY_REUSED', { key: idempotencyKey ?? '' });
    }
    return id;
  }

  /**
   * Loan status, credit and loan_state after the installments changed. A loan with nothing
   * owed becomes paid_off (a written-off loan stays written_off: the write-off is an accounting
   * fact); a paid_off loan that owes again (after a reversal) becomes active. loan_state is
   * rewritten only where the daily run created it, and only its delinquency fields: as_of (the
   * run's watermark: the last day it accrued), the accrual fields, episodes and worst DPD are
   * the daily run's and stay as they are.
   */
  private async updateLoan(
    t: Repositories,
    loan: PaymentLoanRow,
    installments: readonly PaymentInstallmentRow[],
    creditChangeFen: number,
    businessDate: BusinessDate,
  ) {
    const settled = installments.every(isSettled);
    let status = loan.status;
    let closedOn = loan.closed_on;
    if (loan.status === 'active' && settled) {
      status = 'paid_off';
      closedOn = businessDate;
    } else if (loan.status === 'paid_off' && !settled) {
      status = 'active';
      closedOn = null;
    }
    const creditBalanceFen = loan.credit_balance_fen + creditChangeFen;
    const now = this.clock.now();
    await t.payments.updateLoan(loan.id, { status, closedOn, creditBalanceFen, updatedAt: now });
    const position = positionOf(loan, installments, businessDate, status, closedOn, creditBalanceFen);
    if (await t.payments.findLoanState(loan.id)) {
      const d = position.delinquency;
      await t.payments.updateLoanStateDelinquency(loan.id, {
        dpd: d.dpd,
        bucket: d.bucket,
        outstandingPrincipalFen: d.outstandingPrincipalFen,
        overduePrincipalFen: d.overduePrincipalFen,
        overdueInterestFen: d.overdueInterestFen,
        overduePenaltyFen: position.view.unpaidPenaltyFen,
        overdueFeesFen: d.overdueFeesFen,
        inCollection: position.view.inCollection,
        updatedAt: now,
      });
    }
    return position;
  }

  /**
   * The open case after a payment: closed as paid_off when nothing is owed, closed as cured
   * when the loan left collection, otherwise moved to the bucket (and stage) of its new DPD.
   * A case in a stage past the bucket stages (legal, agency, write-off) keeps its stage.
   */
  private async updateCaseAfterPayment(
    t: Repositories,
    loan: PaymentLoanRow,
    position: ReturnType<typeof positionOf>,
    businessDate: BusinessDate,
    payment: { paymentId: string; amountFen: number; creditFen: number },
  ): Promise<CaseOutcomeView | null> {
    const open = await t.payments.lockOpenCase(loan.id);
    if (!open) return null;
    const d = position.delinquency;
    const now = this.clock.now();
    const events: CaseEventInsert[] = [
      {
        caseId: open.id,
        loanId: loan.id,
        onDate: businessDate,
        kind: 'payment',
        fromValue: null,
        toValue: null,
        detail: { ...payment, dpdBefore: open.dpd, dpdAfter: d.dpd },
      },
    ];
    let outcome: CaseOutcomeView;
    const closeReason: 'paid_off' | 'cured' | null = position.paidOff
      ? 'paid_off'
      : loan.status === 'active' && !d.inCollection
        ? 'cured'
        : null;
    if (closeReason) {
      await t.payments.closeCase(open.id, {
        closedOn: businessDate,
        reason: closeReason,
        bucket: d.bucket,
        dpd: d.dpd,
        at: now,
      });
      events.push({
        caseId: open.id,
        loanId: loan.id,
        onDate: businessDate,
        kind: 'closed',
        fromValue: 'open',
        toValue: closeReason,
        detail: { dpd: d.dpd, paymentId: payment.paymentId },
      });
      outcome = {
        caseId: open.id,
        action: 'closed',
        closeReason,
        stage: open.stage,
        bucket: d.bucket,
        dpd: d.dpd,
      };
    } else {
      const stage = stageFor(open.stage, d.bucket);
      await t.payments.updateCase(open.id, { stage, bucket: d.bucket, dpd: d.dpd, at: now });
      events.push(...movementEvents(open, loan.id, businessDate, stage, d));
      outcome = {
        caseId: open.id,
        action: 'updated',
        closeReason: null,
        stage,
        bucket: d.bucket,
        dpd: d.dpd,
      };
    }
    await t.payments.insertCaseEvents(events);
    return outcome;
  }

  /**
   * 冲正 reverses a posted payment (a bounced transfer, a posting error): its allocation lines
   * are taken off the installments exactly, its credit is taken off the loan, a paid-off loan
   * is re-opened, the loan's delinquency is recomputed, and a loan back in collection gets a
   * NEW case (see docs/payments.md for why not the closed one). `target` is the payment's id
   * or its source reference.
   */
  async reverse(target: string, reason: string, actor: Actor): Promise<ReversePaymentResult> {
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      // 1. Find the payment, then lock its loan and read the payment again under the lock.
      const found = await this.findPayment(t, target);
      const loan = (await t.payments.lockLoanById(found.loan_id))!;
      const payment = (await t.payments.findPaymentById(found.id))!;
      if (payment.status === 'reversed') {
        throw new CodedError('PAYMENT_ALREADY_REVERSED', { sourceRef: payment.source_ref });
      }
      // 2. Take the allocation lines off the installments (pure domain) and write them back.
      const before = await t.payments.installmentsOf(loan.id);
      const after = this.unapply(payment, before);
      await t.payments.writeInstallmentsPaid(
        loan.id,
        after.filter((row, i) => !samePaid(row, before[i]!)).map(paidWrite),
      );
      // 3. Take the payment's credit off the loan; 4. re-open a paid-off loan; 5. recompute loan_state.
      if (loan.credit_balance_fen < payment.credit_fen) {
        throw new CodedError('PAYMENT_REVERSAL_INCONSISTENT', { sourceRef: payment.source_ref });
      }
      const position = await this.updateLoan(t, loan, after, -payment.credit_fen, businessDate);
      // 6. The case: moved, or a new one when the loan is back in collection without one.
      const caseOutcome = await this.updateCaseAfterReversal(t, loan, position, businessDate, payment);
      // 7. Mark the payment reversed.
      const now = this.clock.now();
      await t.payments.markPaymentReversed(payment.id, now, reason);
      // 8. Steps of later modules: see PaymentSteps.
      const event: PaymentReversedEvent = {
        paymentId: payment.id,
        loanId: loan.id,
        customerId: loan.customer_id,
        amountFen: payment.amount_fen,
        businessDate,
        delinquency: position.delinquency,
        caseId: caseOutcome?.caseId ?? null,
      };
      for (const step of this.steps.afterReversal) await step.run(t, event);
      // 9. Audit (the free-text reason stays on the payment row: it may name people).
      await this.audit.append(t.audit, actor, {
        action: 'payment.reverse',
        targetType: 'payment',
        targetId: payment.id,
        before: { status: 'posted', loanStatus: loan.status },
        after: {
          status: 'reversed',
          loanId: loan.id,
          amountFen: payment.amount_fen,
          creditFen: payment.credit_fen,
          dpd: position.delinquency.dpd,
          loanStatus: position.status,
          case: caseOutcome ? { id: caseOutcome.caseId, action: caseOutcome.action } : null,
        },
      });
      const reversed = (await t.payments.findPaymentById(payment.id))!;
      return { payment: paymentView(reversed), loan: position.view, case: caseOutcome };
    });
  }

  private async findPayment(t: Repositories, target: string): Promise<PaymentRow> {
    const byId = isUuid(target) ? await t.payments.findPaymentById(target) : undefined;
    const payment = byId ?? (await t.payments.findPaymentBySourceRef(target));
    if (!payment) throw new CodedError('PAYMENT_NOT_FOUND', { ref: target });
    return payment;
  }

  /** The installments with a payment's lines taken off (domain reverseAllocation), exactly. */
  private unapply(payment: PaymentRow, before: readonly PaymentInstallmentRow[]): PaymentInstallmentRow[] {
    const stored = parseStoredAllocation(payment.allocation);
    if (!stored) throw new CodedError('PAYMENT_REVERSAL_INCONSISTENT', { sourceRef: payment.source_ref });
    let balances: InstallmentBalance[];
    try {
      balances = reverseAllocation(
        before.map(balanceOf),
        stored.lines.map((l) => ({ seq: l.seq, component: l.component, amountFen: fen(l.amountFen) })),
      );
    } catch (err) {
      if (err instanceof RangeError) {
        throw new CodedError('PAYMENT_REVERSAL_INCONSISTENT', { sourceRef: payment.source_ref });
      }
      throw err;
    }
    const after = before.map((i) => ({ ...i }));
    const bySeq = new Map(after.map((i) => [i.seq, i]));
    const settledByPayment = new Set(stored.settledSeqs);
    for (const line of stored.lines) {
      const inst = bySeq.get(line.seq)!;
      if (line.component === 'principal') inst.principal_paid_fen -= line.amountFen;
      else if (line.component === 'interest') inst.interest_paid_fen -= line.amountFen;
      else if (line.component === 'fees') inst.fee_paid_fen -= line.amountFen;
      else {
        const penalty = line.penaltyFen ?? 0;
        const compound = line.compoundFen ?? 0;
        inst.penalty_paid_fen -= penalty;
        inst.compound_paid_fen -= compound;
        if (
          penalty + compound !== line.amountFen ||
          inst.penalty_paid_fen < 0 ||
          inst.compound_paid_fen < 0
        ) {
          throw new CodedError('PAYMENT_REVERSAL_INCONSISTENT', { sourceRef: payment.source_ref });
        }
      }
      // An installment this payment settled is open again; so is any whose contract amounts are unpaid again.
      const contractUnpaid =
        inst.principal_paid_fen < inst.principal_due_fen ||
        inst.interest_paid_fen < inst.interest_due_fen ||
        inst.fee_paid_fen < inst.fee_due_fen;
      if (settledByPayment.has(inst.seq) || contractUnpaid) inst.paid_off_on = null;
    }
    // The row-level split must agree with the domain's reversal of the waterfall components.
    for (const b of balances) {
      const row = bySeq.get(b.seq)!;
      const agrees =
        row.principal_paid_fen === b.paid.principal &&
        row.interest_paid_fen === b.paid.interest &&
        row.fee_paid_fen === b.paid.fees &&
        row.penalty_paid_fen + row.compound_paid_fen === b.paid.penalty;
      if (!agrees) throw new CodedError('PAYMENT_REVERSAL_INCONSISTENT', { sourceRef: payment.source_ref });
    }
    return after;
  }

  /**
   * The case after a reversal. An open case moves to the new bucket. A loan back in collection
   * with no open case gets a new case opened today (the closed one stays closed: its history —
   * closed on the day the money seemed to arrive — is true; the new case links back to it and
   * takes over its holder and any stage past the bucket stages).
   */
  private async updateCaseAfterReversal(
    t: Repositories,
    loan: PaymentLoanRow,
    position: ReturnType<typeof positionOf>,
    businessDate: BusinessDate,
    payment: PaymentRow,
  ): Promise<CaseOutcomeView | null> {
    const d = position.delinquency;
    const now = this.clock.now();
    const reversedDetail = { paymentId: payment.id, amountFen: payment.amount_fen, dpdAfter: d.dpd };
    const open = await t.payments.lockOpenCase(loan.id);
    if (open) {
      const stage = stageFor(open.stage, d.bucket);
      await t.payments.updateCase(open.id, { stage, bucket: d.bucket, dpd: d.dpd, at: now });
      await t.payments.insertCaseEvents([
        {
          caseId: open.id,
          loanId: loan.id,
          onDate: businessDate,
          kind: 'payment_reversed',
          fromValue: null,
          toValue: null,
          detail: { ...reversedDetail, dpdBefore: open.dpd },
        },
        ...movementEvents(open, loan.id, businessDate, stage, d),
      ]);
      return { caseId: open.id, action: 'updated', closeReason: null, stage, bucket: d.bucket, dpd: d.dpd };
    }
    const closed = await t.payments.caseClosedByPayment(loan.id, payment.id);
    // A written-off loan is outside the daily run: only the case this payment closed comes back.
    const reopen = position.view.inCollection && (position.status === 'active' || closed !== undefined);
    if (!reopen) return null;
    const stage = closed && !BUCKET_STAGES.has(closed.stage) ? closed.stage : stageForBucket(d.bucket);
    const caseId = await t.payments.openCase({
      loanId: loan.id,
      customerId: loan.customer_id,
      openedOn: businessDate,
      stage,
      bucket: d.bucket,
      dpd: d.dpd,
      holderUserId: closed?.holder_user_id ?? null,
      holderTeamId: closed?.holder_team_id ?? null,
      agencyId: closed?.agency_id ?? null,
      at: now,
    });
    await t.payments.insertCaseEvents([
      {
        caseId,
        loanId: loan.id,
        onDate: businessDate,
        kind: 'opened',
        fromValue: null,
        toValue: stage,
        detail: {
          reason: 'payment_reversed',
          paymentId: payment.id,
          previousCaseId: closed?.id ?? null,
          dpd: d.dpd,
          bucket: d.bucket,
        },
      },
      {
        caseId,
        loanId: loan.id,
        onDate: businessDate,
        kind: 'payment_reversed',
        fromValue: null,
        toValue: null,
        detail: reversedDetail,
      },
    ]);
    if (closed) {
      // The closed case's history says its closing payment bounced (so analytics can discount the cure).
      await t.payments.insertCaseEvents([
        {
          caseId: closed.id,
          loanId: loan.id,
          onDate: businessDate,
          kind: 'payment_reversed',
          fromValue: null,
          toValue: null,
          detail: { ...reversedDetail, reopenedAs: caseId },
        },
      ]);
    }
    return { caseId, action: 'opened', closeReason: null, stage, bucket: d.bucket, dpd: d.dpd };
  }

  /** The payments of a loan, oldest first. */
  async listForLoan(loanRef: string): Promise<PaymentView[]> {
    const r = this.uow.repositories;
    const loan = await r.payments.findLoanByRef(loanRef);
    if (!loan) throw new CodedError('LOAN_NOT_FOUND', { ref: loanRef });
    return (await r.payments.paymentsOfLoan(loan.id)).map(paymentView);
  }
}

/** The stage of a case in a bucket: bucket stages follow the bucket, later stages stay. */
function stageFor(current: string, bucket: string): string {
  return BUCKET_STAGES.has(current) ? stageForBucket(bucket) : current;
}

function movementEvents(
  open: CaseRow,
  loanId: string,
  onDate: string,
  stage: string,
  d: LoanDelinquency,
): CaseEventInsert[] {
  // As the daily run records them: a stage change, or else a bucket change.
  if (stage !== open.stage) {
    return [
      {
        caseId: open.id,
        loanId,
        onDate,
        kind: 'stage_changed',
        fromValue: open.stage,
        toValue: stage,
        detail: { dpd: d.dpd },
      },
    ];
  }
  if (d.bucket !== open.bucket) {
    return [
      {
        caseId: open.id,
        loanId,
        onDate,
        kind: 'bucket_changed',
        fromValue: open.bucket,
        toValue: d.bucket,
        detail: { dpd: d.dpd },
      },
    ];
  }
  return [];
}

function paidWrite(row: PaymentInstallmentRow): InstallmentPaidWrite {
  return {
    seq: row.seq,
    principalPaidFen: row.principal_paid_fen,
    interestPaidFen: row.interest_paid_fen,
    feePaidFen: row.fee_paid_fen,
    penaltyPaidFen: row.penalty_paid_fen,
    compoundPaidFen: row.compound_paid_fen,
    paidOffOn: row.paid_off_on,
  };
}

function samePaid(a: PaymentInstallmentRow, b: PaymentInstallmentRow): boolean {
  return (
    a.principal_paid_fen === b.principal_paid_fen &&
    a.interest_paid_fen === b.interest_paid_fen &&
    a.fee_paid_fen === b.fee_paid_fen &&
    a.penalty_paid_fen === b.penalty_paid_fen &&
    a.compound_paid_fen === b.compound_paid_fen &&
    a.paid_off_on === b.paid_off_on
  );
}

function positionOf(
  loan: PaymentLoanRow,
  installments: readonly PaymentInstallmentRow[],
  businessDate: BusinessDate,
  status: string,
  closedOn: string | null,
  creditBalanceFen: number,
) {
  const delinquency = delinquencyOf(businessDate, loan.grace_days, installments);
  const paidOff = installments.every(isSettled);
  const view: LoanPositionView = {
    loanRef: loan.source_ref,
    status,
    closedOn,
    creditBalanceFen,
    asOf: businessDate,
    dpd: delinquency.dpd,
    bucket: delinquency.bucket,
    inCollection: delinquency.inCollection && !paidOff,
    outstandingPrincipalFen: delinquency.outstandingPrincipalFen,
    overduePrincipalFen: delinquency.overduePrincipalFen,
    overdueInterestFen: delinquency.overdueInterestFen,
    overdueFeesFen: delinquency.overdueFeesFen,
    unpaidPenaltyFen: unpaidPenaltyOf(installments),
  };
  return { delinquency, paidOff, status, view };
}

function paymentView(p: PaymentRow): PaymentView {
  const stored = parseStoredAllocation(p.allocation);
  const lines = stored?.lines.map((l) => ({
    seq: l.seq,
    component: l.component,
    amountFen: l.amountFen,
    penaltyFen: l.penaltyFen ?? null,
    compoundFen: l.compoundFen ?? null,
  }));
  return {
    id: p.id,
    sourceRef: p.source_ref,
    loanRef: p.loan_ref,
    amountFen: p.amount_fen,
    receivedOn: p.received_on,
    channel: p.channel,
    status: p.status as 'posted' | 'reversed',
    allocatedFen: lines ? lines.reduce((s, l) => s + l.amountFen, 0) : null,
    creditFen: p.credit_fen,
    allocation: stored && lines ? { order: stored.order, lines } : null,
    postedAt: p.created_at.toISOString(),
    postedBy: p.posted_by,
    reversedAt: p.reversed_at?.toISOString() ?? null,
    reversalReason: p.reversal_reason,
  };
}
