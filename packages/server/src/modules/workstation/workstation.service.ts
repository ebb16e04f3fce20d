import {
  type ActionCode,
  assertActionCodes,
  type BusinessDate,
  type CaseStage,
  CodedError,
  dateInZone,
  fen,
  formatCny,
  instantOfLocal,
  type LocalizedText,
  stageScript,
} from '@huikuan/domain';
import type { z } from 'zod';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import { caseVisibleTo, type ScopedUser } from '../contacts/case-scope.js';
import type { CustomersService } from '../customers/customers.service.js';
import type { PromisesService } from '../promises/promises.service.js';
import type { SystemService } from '../system/system.service.js';
import { ACTION_CODES_KEY, actionCodesOf } from './action-codes.settings.js';
import type { QueueRow } from './workstation.repository.js';
import type { ChangesView, QueueItem, WorkspaceView } from './workstation.schemas.js';

type QueueItemT = z.infer<typeof QueueItem>;
type WorkspaceViewT = z.infer<typeof WorkspaceView>;

export interface WorkstationUser extends ScopedUser {
  displayName: string;
}

function queueItem(row: QueueRow): QueueItemT {
  return {
    caseId: row.case_id,
    version: row.version,
    loanRef: row.loan_ref,
    customerRef: row.customer_ref,
    customerName: row.customer_name,
    stage: row.stage,
    bucket: row.bucket,
    dpd: row.dpd,
    overdueFen: row.overdue_fen,
    priority: row.priority,
    topStep: row.top_step,
    whyLine: (row.top_why as LocalizedText | null) ?? null,
    promise:
      row.promise_due_on && row.promise_amount_fen !== null
        ? { dueOn: row.promise_due_on, amountFen: row.promise_amount_fen }
        : null,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    lastOutcome: row.last_outcome,
    attemptedToday: row.attempted_today,
    onHold: row.on_hold,
  };
}

/** "未还本金 × 年利率 18% × 1.5 ÷ 360 × 逾期天数" from the product's terms. */
export function penaltyFormulaOf(annualRate: string, multiplier: string, basis: string): LocalizedText {
  const pct = `${(Number(annualRate) * 100).toFixed(4).replace(/\.?0+$/, '')}%`;
  const days = /(\d{3})$/.exec(basis)?.[1] ?? '360';
  const mult = String(Number(multiplier));
  return {
    'zh-CN': `逾期本金 × 年利率 ${pct} × ${mult} ÷ ${days} × 逾期天数`,
    'en-US': `overdue principal × annual rate ${pct} × ${mult} ÷ ${days} × days overdue`,
  };
}

/**
 * 催收工作台 the collector's workstation: the queue of the cases they hold, highest priority
 * first, the next case to work, the whole case on one page (customer with masked personal data,
 * loan and schedule, today's actions and why, promises, the stage script with its required
 * statements, one timeline), the action codes, and the changes to poll for (a payment arriving
 * refreshes the queue and the open case).
 */
export class WorkstationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly system: SystemService,
    private readonly customers: CustomersService,
    private readonly promises: PromisesService,
    private readonly clock: Clock,
    private readonly settings: { institutionName: string; timeZone: string },
  ) {}

  async queue(user: ScopedUser, scope: 'mine' | 'team', limit: number) {
    const businessDate = await this.system.businessDate();
    const rows = await this.uow.repositories.workstation.queue({
      userId: user.id,
      teamIds: user.teams.map((t) => t.id),
      scope,
      businessDate,
      dayStart: new Date(instantOfLocal(this.todayOf(), '00:00', this.settings.timeZone)),
      limit,
    });
    return { businessDate, items: rows.map(queueItem) };
  }

  /**
   * 下一案件 the highest-priority case of the user's queue not yet attempted today and not on hold:
   * found in SQL (however many cases the user holds), then its queue row.
   */
  async next(user: ScopedUser) {
    const businessDate = await this.system.businessDate();
    const dayStart = new Date(instantOfLocal(this.todayOf(), '00:00', this.settings.timeZone));
    const r = this.uow.repositories.workstation;
    const caseId = await r.nextCaseId({ userId: user.id, businessDate, dayStart });
    if (!caseId) return { caseId: null, item: null };
    const [row] = await r.queue({
      userId: user.id,
      teamIds: [],
      scope: 'mine',
      businessDate,
      dayStart,
      limit: 1,
      caseId,
    });
    return row ? { caseId, item: queueItem(row) } : { caseId: null, item: null };
  }

  private todayOf(): BusinessDate {
    return dateInZone(this.clock.now().getTime(), this.settings.timeZone);
  }

  async workspace(caseId: string, user: WorkstationUser): Promise<WorkspaceViewT> {
    const r = this.uow.repositories;
    const c = await r.workstation.caseHeader(caseId);
    if (!c || !caseVisibleTo(c, user)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    const businessDate = await this.system.businessDate();
    const [customer, installments, today, promises, timeline] = await Promise.all([
      this.customers.customer(c.customer_ref, user),
      r.workstation.installments(c.loan_id),
      r.workstation.todayActions(caseId, businessDate),
      this.promises.ofCase(caseId, user),
      r.workstation.timeline({ id: c.id, loanId: c.loan_id, customerId: c.customer_id }, 200),
    ]);
    const overdueTotal =
      c.overdue_principal_fen + c.overdue_interest_fen + c.overdue_fees_fen + c.overdue_penalty_fen;
    const penaltyFormula = penaltyFormulaOf(c.annual_rate, c.penalty_rate_multiplier, c.day_count_basis);
    const script = stageScript(c.stage as CaseStage, {
      institutionName: this.settings.institutionName,
      collectorName: user.displayName,
      overdueAmount: formatCny(fen(overdueTotal)),
      dpd: c.dpd,
      penaltyFormula,
    });
    return {
      businessDate,
      case: {
        id: c.id,
        version: c.version,
        status: c.status,
        stage: c.stage,
        bucket: c.bucket,
        dpd: c.dpd,
        openedOn: c.opened_on,
        closedOn: c.closed_on,
        closeReason: c.close_reason,
        delinquencyReason: c.delinquency_reason,
        holder: c.holder_username
          ? { username: c.holder_username, name: c.holder_name ?? c.holder_username }
          : null,
        segmentCode: c.segment_code,
        strategy:
          c.strategy_code && c.strategy_version !== null
            ? { code: c.strategy_code, version: c.strategy_version, variant: c.variant }
            : null,
        overdue: {
          principalFen: c.overdue_principal_fen,
          interestFen: c.overdue_interest_fen,
          feesFen: c.overdue_fees_fen,
          penaltyFen: c.overdue_penalty_fen,
          totalFen: overdueTotal,
        },
        outstandingPrincipalFen: c.outstanding_principal_fen,
      },
      customer,
      loan: {
        ref: c.loan_ref,
        status: c.loan_status,
        product: { code: c.product_code, name: c.product_name },
        principalFen: c.principal_fen,
        disbursedOn: c.disbursed_on,
        annualRate: c.annual_rate,
        penaltyRateMultiplier: c.penalty_rate_multiplier,
        dayCountBasis: c.day_count_basis,
        penaltyFormula,
        installments: installments.map((i) => {
          const due =
            i.principal_due_fen + i.interest_due_fen + i.fee_due_fen + i.penalty_due_fen + i.compound_due_fen;
          const paid =
            i.principal_paid_fen +
            i.interest_paid_fen +
            i.fee_paid_fen +
            i.penalty_paid_fen +
            i.compound_paid_fen;
          return {
            seq: i.seq,
            dueOn: i.due_on,
            dueFen: due,
            paidFen: paid,
            principalDueFen: i.principal_due_fen,
            interestDueFen: i.interest_due_fen,
            feeDueFen: i.fee_due_fen,
            penaltyDueFen: i.penalty_due_fen + i.compound_due_fen,
            paidOffOn: i.paid_off_on,
          };
        }),
      },
      today: today.map((a) => ({
        id: a.id,
        stepId: a.step_id,
        channel: a.channel,
        status: a.status,
        priority: a.priority,
        whyLine: (a.why_line as LocalizedText | null) ?? null,
        ruleId: a.rule_id,
        cancelReason: a.cancel_reason,
      })),
      promises,
      script,
      timeline: timeline.map((t) => ({
        kind: t.kind as WorkspaceViewT['timeline'][number]['kind'],
        at: new Date(t.at).toISOString(),
        id: t.id,
        detail: t.detail,
      })),
    };
  }

  /** Case events since `after` on the user's cases (the first call returns the cursor only). */
  async changes(user: ScopedUser, after: number | undefined): Promise<z.infer<typeof ChangesView>> {
    const r = this.uow.repositories.workstation;
    if (after === undefined) return { cursor: await r.lastEventId(), events: [] };
    const rows = await r.changes({
      userId: user.id,
      teamIds: user.teams.map((t) => t.id),
      afterId: after,
      limit: 500,
    });
    return {
      cursor: rows.length ? Number(rows.at(-1)!.id) : after,
      events: rows.map((e) => ({ id: Number(e.id), caseId: e.case_id, kind: e.kind, onDate: e.on_date })),
    };
  }

  async actionCodes(): Promise<ActionCode[]> {
    return actionCodesOf(this.uow.repositories);
  }

  /** Replaces the institution's action code list (shipped codes stay, with their meaning); audited. */
  async setActionCodes(items: ActionCode[], actor: Actor): Promise<ActionCode[]> {
    assertActionCodes(items);
    return this.uow.transaction(async (t) => {
      const before = await actionCodesOf(t);
      await t.settings.set(ACTION_CODES_KEY, items, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'workstation.action_codes.set',
        targetType: 'setting',
        targetId: ACTION_CODES_KEY,
        before: { codes: before.map((c) => c.code) },
        after: { items },
      });
      return items;
    });
  }
}
