/**
 * 协商还款与减免审批 arrangements and waivers (DESIGN.md §1: a collector proposes, a team lead
 * approves within authority). Workflow: propose (computed and checked, saved as a draft) →
 * attach the debtor's written commitment (SMS confirmation or a document; plan.zh.md: 要求客户
 * 提供书面承诺或在系统中记录确认) → submit (the 7-working-day answer clock starts,
 * cn.request-response) → approve or reject (four eyes; the authority matrix) → active →
 * completed when paid, or broken by the daily run when a commitment date passes unpaid (the
 * case is then re-planned that day, as for a broken promise). Every step is one transaction
 * with its audit event, and every change carries the version the user saw (optimistic lock).
 * See docs/arrangements.md.
 */
import { createHash } from 'node:crypto';
import {
  type ArrangementKind,
  type ArrangementPlan,
  type ArrangementPolicy,
  type ArrangementStatus,
  type ArrangementTerms,
  type AuthorityMatrix,
  arrangementSlaDueOn,
  arrangementSlaState,
  assertAuthorityMatrix,
  type BusinessDate,
  CodedError,
  capRateFor,
  checkAllInCost,
  computeArrangement,
  DEFAULT_ARRANGEMENT_POLICY,
  DEFAULT_AUTHORITY_MATRIX,
  decideAuthority,
  fen,
  formatCny,
  isFourEyesViolation,
  type LprTable,
  loanDelinquency,
  type OpenInstallment,
  type Role,
  stageForBucket,
  WEEKENDS_ONLY,
  type WorkingCalendar,
  WorkingCalendarSchema,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { caseVisibleTo, type ScopedUser } from '../contacts/case-scope.js';
import type { PaymentInstallmentRow } from '../payments/payments.repository.js';
import type { PaymentPostedEvent, PaymentReversedEvent, PaymentStep } from '../payments/payments.service.js';
import { chargeTermsOfRow } from '../portfolio/charge-terms.mapper.js';
import type { SystemService } from '../system/system.service.js';
import type { ArrangementRow } from './arrangements.repository.js';
import {
  type ArrangementView,
  COMMITMENT_DOCUMENT_MAX_BYTES,
  COMMITMENT_DOCUMENT_TYPES,
  type CollectorAttachCommitment,
  type CollectorProposeArrangement,
} from './arrangements.schemas.js';

const AUTHORITY_KEY = 'arrangement_authority';
const POLICY_KEY = 'arrangement_policy';
const CALENDAR_KEY = 'working_calendar';

/** The signed-in user as arrangements need them: scope and roles. */
export type ArrangementUser = ScopedUser & { roles: readonly Role[] };

const actorOfUser = (user: ScopedUser, requestId: string | null): Actor => ({
  userId: user.id,
  username: user.username,
  requestId,
});

/** What the plan stores beyond the domain's figures: the cost check. */
type StoredPlan = ArrangementPlan & { cost: { chargesAfterFen: number; capFen: number; addedFen: number } };

/** The magic bytes each accepted document type starts with (the declared type is not trusted). */
const MAGIC: Record<(typeof COMMITMENT_DOCUMENT_TYPES)[number], number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46], // %PDF
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
};

function openInstallmentsOf(rows: readonly PaymentInstallmentRow[]): OpenInstallment[] {
  return rows.map((i) => ({
    seq: i.seq,
    dueOn: i.due_on,
    unpaid: {
      principalFen: fen(i.principal_due_fen - i.principal_paid_fen),
      interestFen: fen(i.interest_due_fen - i.interest_paid_fen),
      feesFen: fen(i.fee_due_fen - i.fee_paid_fen),
      penaltyFen: fen(i.penalty_due_fen - i.penalty_paid_fen),
      compoundFen: fen(i.compound_due_fen - i.compound_paid_fen),
    },
  }));
}

/**
 * Whether the plan computed at approval rests on the same debt as the one proposed: the same
 * installments replaced, the same principal, interest and fees at the same dates, the same
 * committed total where it is a fixed amount. Penalty accrued in between does not count: it
 * is carried into the plan (a settlement waives it, so its waiver grows and the approver's
 * authority is judged on the waiver as it is now).
 */
function sameBasis(a: ArrangementPlan, b: ArrangementPlan): boolean {
  const basis = (p: ArrangementPlan) =>
    JSON.stringify([
      p.replacedSeqs,
      p.installments.map((i) => [i.dueOn, i.principalFen, i.interestFen, i.feesFen]),
      p.lines.map((l) => l.dueOn),
      p.kind === 'partial_payment' || p.kind === 'settlement' ? p.planTotalFen : null,
      p.feeFen,
    ]);
  return basis(a) === basis(b);
}

/** "0.3512" → "35.12%" (for messages; shares have at most 4 decimal places). */
function percent(share: string): string {
  return `${Math.round(Number(share) * 10_000) / 100}%`;
}

/** 协商还款 arrangements: propose, commit, submit, decide, track. */
export class ArrangementsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly system: SystemService,
    private readonly clock: Clock,
  ) {}

  // --- settings --------------------------------------------------------------------------------

  /** The authority matrix (the default until set). */
  async authorityMatrix(r: Repositories = this.uow.repositories): Promise<AuthorityMatrix> {
    return (await r.settings.get<AuthorityMatrix>(AUTHORITY_KEY)) ?? DEFAULT_AUTHORITY_MATRIX;
  }

  /** Replaces the authority matrix (validated; audited with the before and after). */
  async setAuthorityMatrix(matrix: unknown, actor: Actor): Promise<AuthorityMatrix> {
    const next = assertAuthorityMatrix(matrix);
    return this.uow.transaction(async (t) => {
      const before = await t.settings.getForUpdate<AuthorityMatrix>(AUTHORITY_KEY);
      await t.settings.set(AUTHORITY_KEY, next, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'arrangement.authority.set',
        targetType: 'setting',
        targetId: AUTHORITY_KEY,
        before: before ?? DEFAULT_AUTHORITY_MATRIX,
        after: next,
      });
      return next;
    });
  }

  async policy(r: Repositories = this.uow.repositories): Promise<ArrangementPolicy> {
    const stored = await r.settings.get<Partial<ArrangementPolicy>>(POLICY_KEY);
    return { ...DEFAULT_ARRANGEMENT_POLICY, ...(stored ?? {}) };
  }

  /** The working calendar (weekends only until the institution stores its holidays). */
  async calendar(r: Repositories = this.uow.repositories): Promise<WorkingCalendar> {
    const stored = await r.settings.get<unknown>(CALENDAR_KEY);
    const parsed = stored === undefined ? undefined : WorkingCalendarSchema.safeParse(stored);
    return parsed?.success ? parsed.data : WEEKENDS_ONLY;
  }

  // --- workflow --------------------------------------------------------------------------------

  /** 提出方案 computes and checks the arrangement against the loan today; saves it as a draft. */
  async propose(
    caseId: string,
    input: CollectorProposeArrangement,
    user: ScopedUser,
    requestId: string | null = null,
  ): Promise<ArrangementView> {
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const c = await t.arrangements.lockCase(caseId);
      if (!c || !caseVisibleTo(c, user)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
      if (c.status !== 'open') throw new CodedError('ARRANGEMENT_CASE_CLOSED', { ref: caseId });
      const open = await t.arrangements.openOfCase(caseId);
      if (open) throw new CodedError('ARRANGEMENT_ALREADY_OPEN', { id: open.id, status: open.status });
      const plan = await this.computePlan(t, c.loan_id, input.terms, businessDate);
      const id = newId();
      const now = this.clock.now();
      await t.arrangements.insert({
        id,
        caseId,
        loanId: c.loan_id,
        customerId: c.customer_id,
        kind: input.terms.kind,
        terms: input.terms,
        plan,
        owedFen: plan.owedFen,
        planTotalFen: plan.planTotalFen,
        waiverFen: plan.waiverFen,
        waiverShare: plan.waiverShare,
        note: input.note ?? null,
        proposedBy: user.id,
        proposedOn: businessDate,
        proposedAt: now,
      });
      await t.arrangements.insertStep({
        arrangementId: id,
        action: 'proposed',
        actor: user.id,
        onDate: businessDate,
        at: now,
      });
      await this.audit.append(t.audit, actorOfUser(user, requestId), {
        action: 'arrangement.proposed',
        targetType: 'arrangement',
        targetId: id,
        after: {
          caseId,
          kind: input.terms.kind,
          terms: input.terms,
          waiverFen: plan.waiverFen,
          owedFen: plan.owedFen,
        },
      });
      return this.viewOf(t, id, businessDate);
    });
  }

  /** 记录书面承诺 attaches the debtor's written commitment to a draft. */
  async attachCommitment(
    id: string,
    input: CollectorAttachCommitment,
    user: ScopedUser,
    requestId: string | null = null,
  ): Promise<ArrangementView> {
    const businessDate = await this.system.businessDate();
    let content: Buffer | null = null;
    if (input.kind === 'document') content = this.checkDocument(input);
    return this.uow.transaction(async (t) => {
      const row = await this.lockVisible(t, id, user, input.version);
      this.expectStatus(row, ['draft'], 'commit');
      const now = this.clock.now();
      let reference = input.kind === 'sms' ? input.reference : '';
      let detail: Record<string, unknown> = { kind: input.kind };
      if (input.kind === 'document' && content) {
        const documentId = newId();
        const sha256 = createHash('sha256').update(content).digest('hex');
        await t.arrangements.insertDocument({
          id: documentId,
          arrangementId: id,
          fileName: input.fileName,
          mediaType: input.mediaType,
          sizeBytes: content.length,
          sha256,
          content,
          uploadedBy: user.id,
          uploadedAt: now,
        });
        reference = documentId;
        detail = {
          kind: 'document',
          documentId,
          sha256,
          sizeBytes: content.length,
          mediaType: input.mediaType,
        };
      } else {
        detail = { kind: 'sms', reference };
      }
      await this.change(t, row, {
        commitment_kind: input.kind,
        commitment_ref: reference,
        commitment_on: businessDate,
        commitment_by: user.id,
      });
      await t.arrangements.insertStep({
        arrangementId: id,
        action: 'commitment',
        actor: user.id,
        onDate: businessDate,
        at: now,
        detail,
      });
      await this.audit.append(t.audit, actorOfUser(user, requestId), {
        action: 'arrangement.commitment',
        targetType: 'arrangement',
        targetId: id,
        after: detail,
      });
      return this.viewOf(t, id, businessDate);
    });
  }

  /** 提交审批 submits a draft with its commitment; the answer deadline is set. */
  async submit(id: string, version: number, user: ScopedUser, requestId: string | null = null) {
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const row = await this.lockVisible(t, id, user, version);
      this.expectStatus(row, ['draft'], 'submit');
      if (!row.commitment_kind) throw new CodedError('ARRANGEMENT_COMMITMENT_REQUIRED');
      await t.arrangements.lockCase(row.case_id);
      const open = await t.arrangements.openOfCase(row.case_id);
      if (open) throw new CodedError('ARRANGEMENT_ALREADY_OPEN', { id: open.id, status: open.status });
      const policy = await this.policy(t);
      const slaDueOn = arrangementSlaDueOn(businessDate, policy.slaWorkingDays, await this.calendar(t));
      const now = this.clock.now();
      await this.change(t, row, {
        status: 'submitted',
        submitted_by: user.id,
        submitted_at: now,
        submitted_on: businessDate,
        sla_due_on: slaDueOn,
      });
      await t.arrangements.insertStep({
        arrangementId: id,
        action: 'submitted',
        actor: user.id,
        onDate: businessDate,
        at: now,
        detail: { slaDueOn },
      });
      await this.audit.append(t.audit, actorOfUser(user, requestId), {
        action: 'arrangement.submitted',
        targetType: 'arrangement',
        targetId: id,
        before: { status: 'draft' },
        after: { status: 'submitted', slaDueOn },
      });
      return this.viewOf(t, id, businessDate);
    });
  }

  /**
   * 审批通过 approves a submitted arrangement — four eyes, within the approver's authority, on
   * figures that still hold — and puts it in force in the same transaction: the replaced
   * installments are closed as they stand and kept on the arrangement, the plan's installments
   * appended, the waiver recorded as adjustments, the loan state and the case updated, audited.
   */
  async approve(
    id: string,
    input: { version: number; reason?: string | undefined },
    user: ArrangementUser,
    requestId: string | null = null,
  ): Promise<ArrangementView> {
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const row = await this.lockVisible(t, id, user, input.version);
      this.expectStatus(row, ['submitted'], 'approve');
      const matrix = await this.authorityMatrix(t);
      // Payments and decisions on the loan serialise on its row.
      const loan = await t.payments.lockLoanById(row.loan_id);
      if (!loan) throw new CodedError('LOAN_NOT_FOUND', { ref: row.loan_id });
      const proposed = row.plan as StoredPlan;
      const plan = await this.computePlan(
        t,
        row.loan_id,
        row.terms as ArrangementTerms,
        businessDate,
        row.proposed_on,
      );
      if (!sameBasis(plan, proposed)) throw new CodedError('ARRANGEMENT_FIGURES_CHANGED');
      this.checkDecider(row, user, matrix, plan);
      const now = this.clock.now();
      const before = await t.payments.installmentsOf(row.loan_id);
      const replaced = before.filter((i) => plan.replacedSeqs.includes(i.seq));
      const addedSeqs = await t.arrangements.rewriteSchedule(
        row.loan_id,
        plan.replacedSeqs,
        businessDate,
        plan.installments,
      );
      await t.arrangements.insertWaiverAdjustments(row.loan_id, id, businessDate, now, [
        { component: 'principal', amountFen: plan.waiver.principalFen },
        { component: 'interest', amountFen: plan.waiver.interestFen },
        { component: 'fees', amountFen: plan.waiver.feesFen },
        { component: 'penalty', amountFen: plan.waiver.penaltyFen },
        { component: 'compound', amountFen: plan.waiver.compoundFen },
      ]);
      await t.arrangements.insertLines(id, plan.lines);
      await this.change(t, row, {
        status: 'active',
        plan,
        owed_fen: plan.owedFen,
        plan_total_fen: plan.planTotalFen,
        waiver_fen: plan.waiverFen,
        waiver_share: plan.waiverShare,
        decided_by: user.id,
        decided_at: now,
        decided_on: businessDate,
        reason: input.reason ?? null,
        activated_on: businessDate,
        replaced: { installments: replaced, addedSeqs },
      });
      const authority = decideAuthority(user.roles, plan, matrix);
      await t.arrangements.insertStep({
        arrangementId: id,
        action: 'approved',
        actor: user.id,
        onDate: businessDate,
        at: now,
        detail: {
          waiverFen: plan.waiverFen,
          waiverShare: plan.waiverShare,
          rule: authority.allowed ? authority.rule : null,
        },
      });
      const caseOutcome = await this.updateLoanAndCase(t, row, loan, businessDate, now);
      await this.audit.append(t.audit, actorOfUser(user, requestId), {
        action: 'arrangement.approved',
        targetType: 'arrangement',
        targetId: id,
        before: { status: 'submitted', replacedSeqs: plan.replacedSeqs },
        after: {
          status: 'active',
          addedSeqs,
          waiverFen: plan.waiverFen,
          waiverShare: plan.waiverShare,
          rule: authority.allowed ? authority.rule : null,
          case: caseOutcome,
        },
      });
      return this.viewOf(t, id, businessDate);
    });
  }

  /** 驳回 rejects a submitted arrangement with the reason (four eyes; no authority limit to say no). */
  async reject(
    id: string,
    input: { version: number; reason: string },
    user: ArrangementUser,
    requestId: string | null = null,
  ): Promise<ArrangementView> {
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const row = await this.lockVisible(t, id, user, input.version);
      this.expectStatus(row, ['submitted'], 'reject');
      this.checkDecider(row, user, await this.authorityMatrix(t), null);
      const now = this.clock.now();
      await this.change(t, row, {
        status: 'rejected',
        decided_by: user.id,
        decided_at: now,
        decided_on: businessDate,
        reason: input.reason,
        resolved_on: businessDate,
      });
      await t.arrangements.insertStep({
        arrangementId: id,
        action: 'rejected',
        actor: user.id,
        onDate: businessDate,
        at: now,
      });
      await this.audit.append(t.audit, actorOfUser(user, requestId), {
        action: 'arrangement.rejected',
        targetType: 'arrangement',
        targetId: id,
        before: { status: 'submitted' },
        after: { status: 'rejected' },
      });
      return this.viewOf(t, id, businessDate);
    });
  }

  /** 撤回 cancels a draft or a submitted arrangement, with the reason. */
  async cancel(
    id: string,
    input: { version: number; reason: string },
    user: ScopedUser,
    requestId: string | null = null,
  ) {
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const row = await this.lockVisible(t, id, user, input.version);
      this.expectStatus(row, ['draft', 'submitted'], 'cancel');
      const now = this.clock.now();
      await this.change(t, row, { status: 'cancelled', reason: input.reason, resolved_on: businessDate });
      await t.arrangements.insertStep({
        arrangementId: id,
        action: 'cancelled',
        actor: user.id,
        onDate: businessDate,
        at: now,
      });
      await this.audit.append(t.audit, actorOfUser(user, requestId), {
        action: 'arrangement.cancelled',
        targetType: 'arrangement',
        targetId: id,
        before: { status: row.status },
        after: { status: 'cancelled' },
      });
      return this.viewOf(t, id, businessDate);
    });
  }

  // --- reads -----------------------------------------------------------------------------------

  async ofCase(caseId: string, user: ScopedUser): Promise<ArrangementView[]> {
    const r = this.uow.repositories;
    const c = await r.contacts.caseById(caseId);
    if (!c || !caseVisibleTo(c, user)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    const businessDate = await this.system.businessDate();
    const calendar = await this.calendar();
    const rows = await r.arrangements.ofCase(caseId);
    return Promise.all(rows.map((row) => this.view(r, row, businessDate, calendar)));
  }

  async byId(id: string, user: ScopedUser): Promise<ArrangementView> {
    const r = this.uow.repositories;
    const row = await r.arrangements.byId(id);
    if (!row || !caseVisibleTo(row, user)) throw new CodedError('ARRANGEMENT_NOT_FOUND', { ref: id });
    return this.view(r, row, await this.system.businessDate(), await this.calendar());
  }

  /** The approval history of an arrangement. */
  async steps(id: string, user: ScopedUser) {
    await this.byId(id, user);
    return (await this.uow.repositories.arrangements.steps(id)).map((s) => ({
      action: s.action,
      actor: s.actor_username,
      onDate: s.on_date,
      at: s.at.toISOString(),
      detail: s.detail ?? null,
    }));
  }

  async document(id: string, documentId: string, user: ScopedUser) {
    await this.byId(id, user);
    const doc = await this.uow.repositories.arrangements.documentContent(id, documentId);
    if (!doc) throw new CodedError('NOT_FOUND');
    return doc;
  }

  /**
   * 审批收件箱 the submitted arrangements the user may see, earliest deadline first, each with
   * its SLA state and whether this user may decide it (four eyes, authority).
   */
  async inbox(user: ArrangementUser, limit = 200) {
    const r = this.uow.repositories;
    const businessDate = await this.system.businessDate();
    const calendar = await this.calendar();
    const matrix = await this.authorityMatrix();
    const rows = (await r.arrangements.submitted(limit)).filter((row) => caseVisibleTo(row, user));
    return Promise.all(
      rows.map(async (row) => {
        const view = await this.view(r, row, businessDate, calendar);
        let refusal: 'four_eyes' | 'beyond_authority' | 'no_authority' | null = null;
        if (isFourEyesViolation(user.id, { proposedBy: row.proposed_by, submittedBy: row.submitted_by })) {
          refusal = 'four_eyes';
        } else {
          const decision = decideAuthority(
            user.roles,
            { waiverFen: row.waiver_fen, waiverShare: row.waiver_share },
            matrix,
          );
          if (!decision.allowed) refusal = decision.reason;
        }
        return { ...view, mayApprove: refusal === null, refusal };
      }),
    );
  }

  // --- adherence -------------------------------------------------------------------------------

  /**
   * Payment step: a payment received on or after the day the loan's arrangement took effect
   * counts towards it; the arrangement is completed once the committed total is paid (or the
   * loan is paid off).
   */
  readonly trackPayment: PaymentStep<PaymentPostedEvent> = {
    name: 'arrangements.trackPayment',
    run: async (t, event) => {
      const a = await t.arrangements.lockActiveOfLoan(event.loanId);
      if (!a || a.activated_on === null || event.receivedOn < a.activated_on) return;
      await t.arrangements.countPayment(a.id, event.paymentId, event.amountFen);
      const paid = a.paid_fen + event.amountFen;
      const done = paid >= a.plan_total_fen || event.paidOff;
      await t.arrangements.setProgress(
        a.id,
        paid,
        done ? 'completed' : 'active',
        done ? event.businessDate : null,
      );
      if (done) {
        await t.arrangements.insertStep({
          arrangementId: a.id,
          action: 'completed',
          actor: null,
          onDate: event.businessDate,
          at: this.clock.now(),
          detail: { paymentId: event.paymentId, paidFen: paid },
        });
      }
    },
  };

  /**
   * Reversal step: a bounced payment takes back what it counted; an arrangement it completed
   * is active again (the daily run finds it broken if a commitment date has passed).
   */
  readonly untrackPayment: PaymentStep<PaymentReversedEvent> = {
    name: 'arrangements.untrackPayment',
    run: async (t, event) => {
      for (const link of await t.arrangements.uncountPayment(event.paymentId)) {
        const a = await t.arrangements.lockById(link.arrangement_id);
        if (!a) continue;
        const paid = Math.max(a.paid_fen - link.amount_fen, 0);
        const status = a.status === 'completed' ? 'active' : a.status;
        await t.arrangements.setProgress(a.id, paid, status, status === 'active' ? null : a.resolved_on);
      }
    },
  };

  /**
   * Daily-run step (before planning): an active arrangement whose payments fall short of what
   * was committed by a date now past (plus the grace days) is broken; the loan's open case gets
   * an 'arrangement_broken' event, and planning re-segments it that day (dispatch: brokeToday).
   */
  async checkAdherence(asOf: BusinessDate): Promise<{ broken: number }> {
    const policy = await this.policy();
    return this.uow.transaction(async (t) => {
      const broken = await t.arrangements.breakMissed(asOf, policy.graceDays);
      const now = this.clock.now();
      for (const a of broken) {
        await t.arrangements.insertStep({
          arrangementId: a.id,
          action: 'broken',
          actor: null,
          onDate: asOf,
          at: now,
          detail: { paidFen: a.paid_fen, dueFen: a.due_fen, missedOn: a.missed_on },
        });
        const open = await t.payments.lockOpenCase(a.loan_id);
        if (open) {
          await t.arrangements.insertCaseEvent({
            caseId: open.id,
            loanId: a.loan_id,
            onDate: asOf,
            kind: 'arrangement_broken',
            detail: { arrangementId: a.id, paidFen: a.paid_fen, dueFen: a.due_fen, missedOn: a.missed_on },
          });
        }
      }
      if (broken.length > 0) {
        await this.audit.append(t.audit, SYSTEM_ACTOR, {
          action: 'arrangement.broken',
          targetType: 'business_date',
          targetId: asOf,
          after: { broken: broken.length, ids: broken.map((a) => a.id) },
        });
      }
      return { broken: broken.length };
    });
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Computes the plan on the loan as it stands and checks its all-in cost. */
  private async computePlan(
    t: Repositories,
    loanId: string,
    terms: ArrangementTerms,
    businessDate: BusinessDate,
    proposedOn?: BusinessDate,
  ): Promise<StoredPlan> {
    const policy = await this.policy(t);
    const rows = await t.payments.installmentsOf(loanId);
    // Dates are checked against the day it was proposed: a plan waiting for its approver does
    // not become invalid because the calendar moved on (its figures are compared instead).
    const plan = computeArrangement({
      terms,
      businessDate: proposedOn ?? businessDate,
      installments: openInstallmentsOf(rows),
      policy,
    });
    const termsRow = await t.payments.chargeTermsOf(loanId);
    if (!termsRow) throw new CodedError('LOAN_NOT_FOUND', { ref: loanId });
    const chargeTerms = chargeTermsOfRow(termsRow);
    const lprTable: LprTable | undefined =
      chargeTerms.costCap.kind === 'lpr_multiple' ? await t.payments.lprTable() : undefined;
    const loan = await t.payments.lockLoanById(loanId);
    const capRate = capRateFor(chargeTerms, loan!.disbursed_on, lprTable);
    const state = await t.payments.findLoanState(loanId);
    const replaced = new Set(plan.replacedSeqs);
    const principalAfter = [
      ...rows
        .filter((i) => !replaced.has(i.seq))
        .map((i) => ({ dueOn: i.due_on, principalFen: i.principal_due_fen - i.principal_paid_fen })),
      ...plan.installments.map((i) => ({ dueOn: i.dueOn, principalFen: i.principalFen })),
    ];
    const chargesBeforeFen = rows.reduce(
      (s, i) => s + i.interest_due_fen + i.fee_due_fen + i.penalty_due_fen + i.compound_due_fen,
      0,
    );
    const cost = checkAllInCost({
      plan,
      businessDate: proposedOn ?? businessDate,
      chargesBeforeFen,
      principalDaysToDate: state?.principal_days ?? 0,
      principalAfter,
      capRate,
    });
    return { ...plan, cost };
  }

  /** The arrangement locked, visible to the user and at the version they saw. */
  private async lockVisible(
    t: Repositories,
    id: string,
    user: ScopedUser,
    version: number,
  ): Promise<ArrangementRow> {
    const row = await t.arrangements.lockById(id);
    if (!row || !caseVisibleTo(row, user)) throw new CodedError('ARRANGEMENT_NOT_FOUND', { ref: id });
    if (row.version !== version) {
      throw new CodedError('ARRANGEMENT_VERSION_STALE', { expected: version, current: row.version });
    }
    return row;
  }

  private expectStatus(row: ArrangementRow, allowed: readonly ArrangementStatus[], action: string): void {
    if (!allowed.includes(row.status as ArrangementStatus)) {
      throw new CodedError('ARRANGEMENT_STATUS_INVALID', { status: row.status, action });
    }
  }

  /** Four eyes, and (to approve: the plan given) the authority matrix on the plan's waiver. */
  private checkDecider(
    row: ArrangementRow,
    user: ArrangementUser,
    matrix: AuthorityMatrix,
    plan: ArrangementPlan | null,
  ): void {
    if (isFourEyesViolation(user.id, { proposedBy: row.proposed_by, submittedBy: row.submitted_by })) {
      throw new CodedError('ARRANGEMENT_FOUR_EYES');
    }
    if (plan === null) return;
    const decision = decideAuthority(user.roles, plan, matrix);
    if (decision.allowed) return;
    if (decision.reason === 'no_authority' || decision.best === null)
      throw new CodedError('ARRANGEMENT_NO_AUTHORITY');
    throw new CodedError('ARRANGEMENT_BEYOND_AUTHORITY', {
      waiver: formatCny(plan.waiverFen),
      share: percent(plan.waiverShare),
      maxShare: percent(decision.best.maxWaiverShare),
      maxAmount: formatCny(fen(decision.best.maxWaiverFen)),
    });
  }

  /** Applies a change at the row's version (the row is locked, so a miss is a bug, not a race). */
  private async change(
    t: Repositories,
    row: ArrangementRow,
    change: Parameters<Repositories['arrangements']['update']>[2],
  ) {
    if (!(await t.arrangements.update(row.id, row.version, change))) {
      throw new CodedError('ARRANGEMENT_VERSION_STALE', { expected: row.version, current: row.version + 1 });
    }
  }

  /** The loan state and the case after the schedule was rewritten (as a payment would move them). */
  private async updateLoanAndCase(
    t: Repositories,
    row: ArrangementRow,
    loan: { id: string; grace_days: number },
    businessDate: BusinessDate,
    now: Date,
  ) {
    const installments = await t.payments.installmentsOf(loan.id);
    const d = loanDelinquency({
      asOf: businessDate,
      graceDays: loan.grace_days,
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
    const unpaidPenalty = installments.reduce(
      (s, i) => s + (i.penalty_due_fen - i.penalty_paid_fen) + (i.compound_due_fen - i.compound_paid_fen),
      0,
    );
    if (await t.payments.findLoanState(loan.id)) {
      await t.payments.updateLoanStateDelinquency(loan.id, {
        dpd: d.dpd,
        bucket: d.bucket,
        outstandingPrincipalFen: d.outstandingPrincipalFen,
        overduePrincipalFen: d.overduePrincipalFen,
        overdueInterestFen: d.overdueInterestFen,
        overduePenaltyFen: unpaidPenalty,
        overdueFeesFen: d.overdueFeesFen,
        inCollection: d.inCollection,
        updatedAt: now,
      });
    }
    const open = await t.payments.lockOpenCase(loan.id);
    if (!open) return null;
    await t.arrangements.insertCaseEvent({
      caseId: open.id,
      loanId: loan.id,
      onDate: businessDate,
      kind: 'arrangement_approved',
      detail: {
        arrangementId: row.id,
        kind: row.kind as ArrangementKind,
        waiverFen: row.waiver_fen,
        dpd: d.dpd,
      },
    });
    if (!d.inCollection) {
      // 协商结案 the plan brought the loan current: the case closes as cured, naming the arrangement.
      await t.payments.closeCase(open.id, {
        closedOn: businessDate,
        reason: 'cured',
        bucket: d.bucket,
        dpd: d.dpd,
        at: now,
      });
      await t.payments.insertCaseEvents([
        {
          caseId: open.id,
          loanId: loan.id,
          onDate: businessDate,
          kind: 'closed',
          fromValue: 'open',
          toValue: 'cured',
          detail: { dpd: d.dpd, arrangementId: row.id },
        },
      ]);
      return { caseId: open.id, action: 'closed' as const, dpd: d.dpd };
    }
    const bucketStages = new Set(['early', 'middle', 'late']);
    const stage = bucketStages.has(open.stage) ? stageForBucket(d.bucket) : open.stage;
    await t.payments.updateCase(open.id, { stage, bucket: d.bucket, dpd: d.dpd, at: now });
    return { caseId: open.id, action: 'updated' as const, dpd: d.dpd };
  }

  private async viewOf(t: Repositories, id: string, businessDate: BusinessDate): Promise<ArrangementView> {
    return this.view(t, (await t.arrangements.byId(id))!, businessDate, await this.calendar(t));
  }

  private async view(
    r: Repositories,
    row: ArrangementRow,
    businessDate: BusinessDate,
    calendar: WorkingCalendar,
  ): Promise<ArrangementView> {
    const plan = row.plan as StoredPlan;
    let commitment: ArrangementView['commitment'] = null;
    if (row.commitment_kind) {
      const doc =
        row.commitment_kind === 'document'
          ? await r.arrangements.documentMeta(row.commitment_ref!)
          : undefined;
      commitment = {
        kind: row.commitment_kind as 'sms' | 'document',
        reference: row.commitment_ref ?? '',
        on: row.commitment_on,
        document: doc
          ? {
              id: doc.id,
              fileName: doc.file_name,
              mediaType: doc.media_type,
              sizeBytes: doc.size_bytes,
              sha256: doc.sha256,
            }
          : null,
      };
    }
    const decidedOn = row.status === 'submitted' ? null : (row.decided_on ?? row.resolved_on);
    return {
      id: row.id,
      caseId: row.case_id,
      kind: row.kind as ArrangementKind,
      terms: row.terms as Record<string, unknown>,
      plan: {
        replacedSeqs: plan.replacedSeqs,
        installments: plan.installments,
        lines: plan.lines,
        feeFen: plan.feeFen,
        waiver: plan.waiver,
        cost: plan.cost,
      },
      owedFen: row.owed_fen,
      planTotalFen: row.plan_total_fen,
      waiverFen: row.waiver_fen,
      waiverShare: row.waiver_share,
      status: row.status as ArrangementStatus,
      note: row.note,
      proposedBy: row.proposed_by_username,
      proposedOn: row.proposed_on,
      commitment,
      submittedBy: row.submitted_by_username,
      submittedOn: row.submitted_on,
      slaDueOn: row.sla_due_on,
      slaState: row.sla_due_on
        ? arrangementSlaState(row.sla_due_on, businessDate, decidedOn, calendar)
        : null,
      decidedBy: row.decided_by_username,
      decidedOn: row.decided_on,
      reason: row.reason,
      activatedOn: row.activated_on,
      resolvedOn: row.resolved_on,
      paidFen: row.paid_fen,
      version: row.version,
    };
  }

  /** Size, declared type and the file's own first bytes. */
  private checkDocument(input: Extract<CollectorAttachCommitment, { kind: 'document' }>): Buffer {
    const types = COMMITMENT_DOCUMENT_TYPES.join(', ');
    if (!(COMMITMENT_DOCUMENT_TYPES as readonly string[]).includes(input.mediaType)) {
      throw new CodedError('ARRANGEMENT_DOCUMENT_INVALID', {
        reason: `type ${input.mediaType} (accepted: ${types})`,
      });
    }
    const content = Buffer.from(input.contentBase64, 'base64');
    if (content.length === 0 || content.length > COMMITMENT_DOCUMENT_MAX_BYTES) {
      throw new CodedError('ARRANGEMENT_DOCUMENT_INVALID', {
        reason: `size ${content.length} bytes (1 to ${COMMITMENT_DOCUMENT_MAX_BYTES})`,
      });
    }
    const magic = MAGIC[input.mediaType as keyof typeof MAGIC];
    if (!magic.every((byte, i) => content[i] === byte)) {
      throw new CodedError('ARRANGEMENT_DOCUMENT_INVALID', {
        reason: `the content is not ${input.mediaType}`,
      });
    }
    return content;
  }
}
