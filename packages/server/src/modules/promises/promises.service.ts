import {
  assertPromisePolicy,
  type BusinessDate,
  CodedError,
  checkPromise,
  DEFAULT_PROMISE_POLICY,
  fen,
  formatCny,
  type PromisePolicy,
  type PromiseState,
  promiseDeadline,
  promiseProgress,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { caseVisibleTo, type ScopedUser } from '../contacts/case-scope.js';
import type { PaymentPostedEvent, PaymentReversedEvent, PaymentStep } from '../payments/payments.service.js';
import type { SystemService } from '../system/system.service.js';
import type { PromiseRow } from './promises.repository.js';
import type { CollectorTakePromise, PromiseView } from './promises.schemas.js';

const POLICY_KEY = 'promise_policy';

type User = ScopedUser & { requestId?: string | null };

const actorOfUser = (user: User, requestId: string | null = null): Actor => ({
  userId: user.id,
  username: user.username,
  requestId,
});

function view(row: PromiseRow, policy: PromisePolicy): PromiseView {
  return {
    id: row.id,
    caseId: row.case_id,
    amountFen: row.amount_fen,
    dueOn: row.due_on,
    deadline: promiseDeadline(row.due_on, policy),
    takenOn: row.taken_on,
    takenAt: row.taken_at.toISOString(),
    takenBy: row.taken_by_username,
    contactAttemptId: row.contact_attempt_id,
    note: row.note,
    state: row.state as PromiseState,
    paidFen: row.paid_fen,
    resolvedOn: row.resolved_on,
    cancelReason: row.cancel_reason,
  };
}

/**
 * 承诺还款 promises to pay: taken by a collector against what the debtor owes and within the
 * institution's date limit (one pending promise per case), kept at once by the payments
 * posted towards them (a payment step in the posting transaction), broken or partly kept by
 * the daily run once the date and the grace days have passed (before the day is planned, so
 * the broken promise re-plans the case that same day), cancelled by a collector with a
 * reason. A reversed payment takes back what it counted. Every change is audited.
 */
export class PromisesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly system: SystemService,
    private readonly clock: Clock,
  ) {}

  /** The institution's promise rules (the default until set). */
  async policy(r: Repositories = this.uow.repositories): Promise<PromisePolicy> {
    const stored = await r.settings.get<PromisePolicy>(POLICY_KEY);
    return stored ? { ...DEFAULT_PROMISE_POLICY, ...stored } : { ...DEFAULT_PROMISE_POLICY };
  }

  /** Changes the promise rules (audited with the before and after). */
  async setPolicy(policy: PromisePolicy, actor: Actor): Promise<PromisePolicy> {
    assertPromisePolicy(policy);
    return this.uow.transaction(async (t) => {
      const before = await t.settings.getForUpdate<PromisePolicy>(POLICY_KEY);
      const next = { maxDaysAhead: policy.maxDaysAhead, graceDays: policy.graceDays };
      await t.settings.set(POLICY_KEY, next, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'promise.policy.set',
        targetType: 'setting',
        targetId: POLICY_KEY,
        before: before ?? DEFAULT_PROMISE_POLICY,
        after: next,
      });
      return next;
    });
  }

  /** 登记承诺 takes a promise on an open case the user may work. */
  async take(caseId: string, input: CollectorTakePromise, user: User, requestId: string | null = null) {
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const c = await t.promises.lockCase(caseId);
      if (!c || !caseVisibleTo(c, user)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
      if (c.status !== 'open') throw new CodedError('PROMISE_CASE_CLOSED', { ref: caseId });
      const pending = await t.promises.pendingOfCase(caseId);
      if (pending) {
        throw new CodedError('PROMISE_ALREADY_PENDING', {
          id: pending.id,
          amount: formatCny(fen(pending.amount_fen)),
          dueOn: pending.due_on,
        });
      }
      const policy = await this.policy(t);
      checkPromise(
        { amountFen: fen(input.amountFen), dueOn: input.dueOn },
        { businessDate, owedFen: fen(c.owed_fen), policy },
      );
      if (input.contactAttemptId) {
        const attempt = await t.contacts.attempt(input.contactAttemptId);
        if (!attempt || attempt.case_id !== caseId) {
          throw new CodedError('CONTACT_ATTEMPT_NOT_FOUND', { ref: input.contactAttemptId });
        }
      }
      const id = newId();
      await t.promises.insert({
        id,
        caseId,
        loanId: c.loan_id,
        customerId: c.customer_id,
        amountFen: input.amountFen,
        dueOn: input.dueOn,
        takenOn: businessDate,
        takenAt: this.clock.now(),
        takenBy: user.id,
        contactAttemptId: input.contactAttemptId ?? null,
        note: input.note ?? null,
      });
      await this.audit.append(t.audit, actorOfUser(user, requestId), {
        action: 'promise.taken',
        targetType: 'promise_to_pay',
        targetId: id,
        after: {
          caseId,
          amountFen: input.amountFen,
          dueOn: input.dueOn,
          contactAttemptId: input.contactAttemptId,
        },
      });
      return view((await t.promises.byId(id))!, policy);
    });
  }

  /** 撤销承诺 cancels a pending promise (e.g. replaced by an arrangement), with the reason. */
  async cancel(promiseId: string, reason: string, user: User, requestId: string | null = null) {
    const businessDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const row = await t.promises.byId(promiseId);
      const c = row ? await t.promises.lockCase(row.case_id) : undefined;
      if (!row || !c || !caseVisibleTo(c, user))
        throw new CodedError('PROMISE_NOT_FOUND', { ref: promiseId });
      const current = (await t.promises.byId(promiseId))!;
      if (current.state !== 'pending') {
        throw new CodedError('PROMISE_NOT_PENDING', { ref: promiseId, state: current.state });
      }
      await t.promises.cancel(promiseId, user.id, reason, businessDate, this.clock.now());
      await this.audit.append(t.audit, actorOfUser(user, requestId), {
        action: 'promise.cancelled',
        targetType: 'promise_to_pay',
        targetId: promiseId,
        before: { state: 'pending' },
        after: { state: 'cancelled', reason },
      });
      return view((await t.promises.byId(promiseId))!, await this.policy(t));
    });
  }

  /** A case's promises, newest first. */
  async ofCase(caseId: string, user: ScopedUser): Promise<PromiseView[]> {
    const r = this.uow.repositories;
    const c = await r.contacts.caseById(caseId);
    if (!c || !caseVisibleTo(c, user)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    const policy = await this.policy();
    return (await r.promises.ofCase(caseId)).map((row) => view(row, policy));
  }

  /**
   * Daily-run step (before planning): pending promises past their date and grace days become
   * broken or partly kept on the business date.
   */
  async expire(asOf: BusinessDate): Promise<{ broken: number; partlyKept: number }> {
    const policy = await this.policy();
    return this.uow.transaction(async (t) => {
      const result = await t.promises.expire(asOf, policy.graceDays, this.clock.now());
      if (result.broken + result.partlyKept > 0) {
        await this.audit.append(t.audit, SYSTEM_ACTOR, {
          action: 'promise.expired',
          targetType: 'business_date',
          targetId: asOf,
          after: result,
        });
      }
      return result;
    });
  }

  /**
   * Payment step: a payment received on or after the day the loan's pending promise was taken
   * counts towards it; the promise is kept once the amount is reached — or when the payment
   * settles the case (cured or paid off: nothing more is asked of the debtor).
   */
  readonly markKept: PaymentStep<PaymentPostedEvent> = {
    name: 'promises.markKept',
    run: async (t, event) => {
      const promise = await t.promises.lockPendingOfLoan(event.loanId);
      if (!promise || event.receivedOn < promise.taken_on) return;
      await t.promises.countPayment(promise.id, event.paymentId, event.amountFen);
      const paid = promise.paid_fen + event.amountFen;
      const settled = event.paidOff || event.delinquency.dpd === 0;
      // Expiry belongs to the daily run; a payment only keeps.
      const state = settled || paid >= promise.amount_fen ? 'kept' : 'pending';
      await t.promises.update(promise.id, {
        paidFen: paid,
        state,
        resolvedOn: state === 'pending' ? null : event.businessDate,
        resolvedAt: state === 'pending' ? null : this.clock.now(),
      });
    },
  };

  /**
   * Reversal step: a bounced payment takes back what it counted; a promise it had kept goes
   * back to pending — or, past its deadline, to partly kept / broken.
   */
  readonly reopenKept: PaymentStep<PaymentReversedEvent> = {
    name: 'promises.reopenKept',
    run: async (t, event) => {
      const policy = await this.policy(t);
      for (const promise of await t.promises.lockCountedBy(event.paymentId)) {
        await t.promises.uncountPayment(promise.id, event.paymentId);
        const paid = Math.max(promise.paid_fen - promise.counted_fen, 0);
        if (promise.state === 'cancelled') {
          await t.promises.update(promise.id, {
            paidFen: paid,
            state: 'cancelled',
            resolvedOn: promise.resolved_on,
            resolvedAt: promise.resolved_at,
          });
          continue;
        }
        const state = promiseProgress(
          { state: 'pending', amountFen: fen(promise.amount_fen), dueOn: promise.due_on },
          fen(paid),
          event.businessDate,
          policy,
        );
        const unchanged = state === promise.state;
        await t.promises.update(promise.id, {
          paidFen: paid,
          state,
          resolvedOn: state === 'pending' ? null : unchanged ? promise.resolved_on : event.businessDate,
          resolvedAt: state === 'pending' ? null : unchanged ? promise.resolved_at : this.clock.now(),
        });
      }
    },
  };
}
