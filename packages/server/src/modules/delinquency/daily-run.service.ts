import {
  type AccrualState,
  addDays,
  type BusinessDate,
  bucketOf,
  type ChargeTerms,
  CodedError,
  type CollectionStage,
  capRateFor,
  compareDates,
  fen,
  isBusinessDate,
  type LprTable,
  runLoanDay,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import { type Actor, type AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import { chargeTermsOfRow } from '../portfolio/charge-terms.mapper.js';
import type { SystemService } from '../system/system.service.js';
import type {
  CaseEventWrite,
  DailyRunRow,
  LoanStateWrite,
  PartitionInstallment,
} from './daily-run.repository.js';

export interface DailyRunView {
  asOf: string;
  status: 'running' | 'completed' | 'failed';
  partitions: number;
  partitionsDone: number;
  loans: number;
  startedAt: string;
  finishedAt: string | null;
  /** Why the run stopped, when a partition failed (the run resumes when asked again). */
  error: string | null;
}

export interface DailyRunOptions {
  /** Loans per partition (one transaction, one job each). */
  loansPerPartition: number;
  /** Run clean loans (current, nothing due unpaid, no case) set-based in SQL; default true. */
  cleanLoansInSql?: boolean;
}

const view = (r: DailyRunRow): DailyRunView => ({
  asOf: r.as_of,
  status: r.status,
  partitions: r.partitions,
  partitionsDone: r.partitions_done,
  loans: r.loans,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  error: r.error,
});

/**
 * 日终 the daily run. A run for a business date is split into partitions of loan-id ranges;
 * any number of workers claim pending partitions (FOR UPDATE SKIP LOCKED) and process each
 * in one transaction, so a killed worker leaves its partition pending for the next one, and
 * a finished partition is never processed twice: running a date again changes nothing.
 * Days run in order: a run for date D first runs every missing day after the last completed.
 */
export class DailyRunService {
  /** Milliseconds spent in each phase of partition processing by this process (for benchmarks). */
  readonly phaseMs = { clean: 0, load: 0, compute: 0, write: 0, afterDay: 0 };
  /** Of afterDay, the time of each named after-day step (and of the statistics refresh). */
  readonly afterDayMs = new Map<string, number>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly system: SystemService,
    private readonly options: DailyRunOptions,
  ) {}

  async get(asOf: string): Promise<DailyRunView | null> {
    const r = await this.uow.repositories.dailyRun.findRun(asOf);
    return r ? view(r) : null;
  }

  async list(limit = 30): Promise<DailyRunView[]> {
    return (await this.uow.repositories.dailyRun.listRuns(limit)).map(view);
  }

  /** The dates still to run to reach `target`, in order (only `target` when nothing ran yet). */
  async missingDays(target: BusinessDate): Promise<BusinessDate[]> {
    const businessDate = await this.system.businessDate();
    if (!isBusinessDate(target)) throw new CodedError('BUSINESS_DATE_INVALID', { date: target });
    if (compareDates(target, businessDate) > 0) {
      throw new CodedError('DAILY_RUN_AFTER_BUSINESS_DATE', { date: target, businessDate });
    }
    const last = await this.uow.repositories.dailyRun.lastCompleted();
    if (last === null) return [target];
    const days: BusinessDate[] = [];
    for (let d = addDays(last, 1); compareDates(d, target) <= 0; d = addDays(d, 1)) days.push(d);
    // A running (unfinished) day after `last` is included: it is resumed.
    return days;
  }

  /** Creates the run for one date and its partitions, unless it exists. */
  async start(asOf: BusinessDate, actor: Actor = SYSTEM_ACTOR): Promise<DailyRunView> {
    const existing = await this.uow.repositories.dailyRun.findRun(asOf);
    if (existing) return view(existing);
    return this.uow.transaction(async (t) => {
      await t.dailyRun.ensureSnapshotPartition(asOf);
      const again = await t.dailyRun.findRun(asOf);
      if (again) return view(again);
      const run = await t.dailyRun.createRun(asOf, this.options.loansPerPartition, actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'daily_run.start',
        targetType: 'daily_run',
        targetId: asOf,
        after: { partitions: run.partitions, loans: run.loans },
      });
      return view(run);
    });
  }

  /**
   * Claims and processes pending partitions of a run until none is left. Returns how many
   * this caller processed. Safe to call from many processes at once.
   */
  async work(asOf: BusinessDate, onProgress?: (run: DailyRunView) => void): Promise<number> {
    let processed = 0;
    for (;;) {
      const done = await this.uow
        .transaction(async (t) => {
          const part = await t.dailyRun.claimPartition(asOf);
          if (!part) return null;
          const loans = await this.processPartition(t, asOf, part.from_loan_id, part.to_loan_id);
          const run = await t.dailyRun.completePartition(asOf, part.part_no, loans);
          if (run.status === 'completed') {
            await this.audit.append(t.audit, SYSTEM_ACTOR, {
              action: 'daily_run.complete',
              targetType: 'daily_run',
              targetId: asOf,
              after: { partitions: run.partitions, loans: run.loans },
            });
          }
          return run;
        })
        .catch(async (err: unknown) => {
          // The partition's work rolled back and it stays pending; the run shows why it stopped.
          const message = err instanceof Error ? err.message : String(err);
          await this.uow.repositories.dailyRun.markFailed(asOf, message.slice(0, 1000));
          throw err;
        });
      if (!done) return processed;
      processed += 1;
      onProgress?.(view(done));
    }
  }

  /** Waits (polling) until other workers finish a run's partitions. */
  async waitFor(
    asOf: BusinessDate,
    onProgress?: (run: DailyRunView) => void,
    pollMs = 200,
  ): Promise<DailyRunView> {
    for (;;) {
      const run = await this.uow.repositories.dailyRun.findRun(asOf);
      if (!run) throw new CodedError('DAILY_RUN_NOT_FOUND', { date: asOf });
      onProgress?.(view(run));
      if (run.status === 'completed') return view(run);
      if ((await this.uow.repositories.dailyRun.pendingPartitions(asOf)) > 0) {
        // A partition was released by a crashed worker: take it.
        await this.work(asOf, onProgress);
        continue;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  private readonly afterDaySteps: { name: string; step: (asOf: BusinessDate) => Promise<unknown> }[] = [];

  /**
   * Adds a step that runs after each completed day of `runUpTo` (e.g. planning the day's
   * actions). Steps run in the order added and must be idempotent: a day's steps are recorded
   * as done only when all of them finished, and a crash in between runs them again; workers
   * sharing a day may each run them.
   */
  afterEachDay(name: string, step: (asOf: BusinessDate) => Promise<unknown>): void {
    this.afterDaySteps.push({ name, step });
  }

  private async timed(name: string, work: () => Promise<unknown>): Promise<void> {
    const t0 = performance.now();
    await work();
    this.afterDayMs.set(name, (this.afterDayMs.get(name) ?? 0) + performance.now() - t0);
  }

  private async runAfterDay(day: BusinessDate): Promise<void> {
    const t0 = performance.now();
    await this.timed('analyze', () => this.uow.repositories.dailyRun.analyzeDay(day));
    for (const { name, step } of this.afterDaySteps) await this.timed(name, () => step(day));
    await this.uow.repositories.dailyRun.markStepsDone(day);
    this.phaseMs.afterDay += performance.now() - t0;
  }

  /**
   * Runs every missing day up to `target` in order, working on partitions in this process
   * (other workers may share them) and waiting for each day to complete before the next.
   */
  async runUpTo(
    target: BusinessDate,
    actor: Actor = SYSTEM_ACTOR,
    hooks: {
      onDayStart?: (run: DailyRunView) => Promise<void> | void;
      onProgress?: (run: DailyRunView) => void;
    } = {},
  ): Promise<DailyRunView[]> {
    const days = await this.missingDays(target);
    // A crash after a day completed but before its later steps finished: finish them first.
    for (const day of await this.uow.repositories.dailyRun.stepsPending(target)) await this.runAfterDay(day);
    const runs: DailyRunView[] = [];
    for (const day of days) {
      const run = await this.start(day, actor);
      await hooks.onDayStart?.(run);
      await this.work(day, hooks.onProgress);
      const done = await this.waitFor(day, hooks.onProgress);
      // Later steps of the day (promise expiry, planning the day's actions) run once it is complete.
      if (done.status === 'completed') await this.runAfterDay(day);
      runs.push(done);
    }
    if (days.length === 0) {
      const existing = await this.get(target);
      if (existing) runs.push(existing);
    }
    return runs;
  }

  /** One partition of one day: load facts set-based, step each loan with the pure domain, write set-based. */
  private async processPartition(
    t: Repositories,
    asOf: string,
    fromId: string,
    toId: string,
  ): Promise<number> {
    const repo = t.dailyRun;
    let mark = performance.now();
    const lap = (phase: keyof DailyRunService['phaseMs']) => {
      const now = performance.now();
      this.phaseMs[phase] += now - mark;
      mark = now;
    };
    const clean =
      this.options.cleanLoansInSql === false ? 0 : await repo.runCleanLoans(asOf, fromId, toId, bucketOf(0));
    lap('clean');
    const loans = await repo.loadLoans(asOf, fromId, toId);
    if (loans.length === 0) {
      lap('write');
      return clean;
    }
    const installments = await repo.loadInstallments(loans.map((l) => l.loan_id));
    lap('load');
    const byLoan = new Map<string, PartitionInstallment[]>();
    for (const i of installments) {
      const list = byLoan.get(i.loan_id);
      if (list) list.push(i);
      else byLoan.set(i.loan_id, [i]);
    }
    for (const list of byLoan.values()) list.sort((a, b) => a.seq - b.seq);
    let lprTable: LprTable | undefined;
    const termsCache = new Map<string, ChargeTerms>();

    const accrualRows: {
      loanId: string;
      seq: number;
      penaltyFen: number;
      compoundFen: number;
      lateFeeFen: number;
    }[] = [];
    const states: LoanStateWrite[] = [];
    const toOpen: { loanId: string; customerId: string; stage: string; bucket: string; dpd: number }[] = [];
    const toUpdate: { caseId: string; stage: string; bucket: string; dpd: number }[] = [];
    const toClose: { caseId: string; reason: string; dpd: number; bucket: string }[] = [];
    const events: CaseEventWrite[] = [];
    const paidOff: string[] = [];

    for (const loan of loans) {
      const key = `${loan.product_id}:${loan.annual_rate}`;
      let terms = termsCache.get(key);
      if (!terms) {
        terms = chargeTermsOfRow(loan);
        termsCache.set(key, terms);
      }
      if (terms.costCap.kind === 'lpr_multiple' && lprTable === undefined) {
        lprTable = (await repo.loadLprTable()) as LprTable;
      }
      const capRate = capRateFor(terms, loan.disbursed_on, lprTable);
      const state: AccrualState | null =
        loan.state_as_of === null
          ? null
          : {
              accruedPenaltyFen: fen(loan.accrued_penalty_fen ?? 0),
              accruedCompoundFen: fen(loan.accrued_compound_fen ?? 0),
              accruedFeesFen: fen(loan.accrued_fees_fen ?? 0),
              contractInterestFen: fen(0),
              principalDays: loan.principal_days ?? 0,
              capped: loan.capped ?? false,
              lastAccruedOn: loan.state_as_of,
            };
      const insts = (byLoan.get(loan.loan_id) ?? []).map((i) => ({
        seq: i.seq,
        dueOn: i.due_on,
        principalDueFen: fen(i.principal_due_fen),
        interestDueFen: fen(i.interest_due_fen),
        feeDueFen: fen(i.fee_due_fen),
        principalPaidFen: fen(i.principal_paid_fen),
        interestPaidFen: fen(i.interest_paid_fen),
        feePaidFen: fen(i.fee_paid_fen),
        penaltyDueFen: fen(i.penalty_due_fen),
        penaltyPaidFen: fen(i.penalty_paid_fen),
        compoundDueFen: fen(i.compound_due_fen),
        compoundPaidFen: fen(i.compound_paid_fen),
      }));
      const result = runLoanDay({
        asOf,
        disbursedOn: loan.disbursed_on,
        terms,
        capRate,
        state,
        previous:
          loan.state_as_of === null
            ? null
            : { dpd: loan.dpd ?? 0, episodes: loan.episodes ?? 0, worstDpd: loan.worst_dpd ?? 0 },
        installments: insts,
        caseOpen:
          loan.case_id === null
            ? null
            : { stage: loan.case_stage as CollectionStage, bucket: loan.case_bucket ?? 'M0' },
      });
      let penaltyToday = 0;
      let compoundToday = 0;
      let feesToday = 0;
      for (const a of result.installmentAccruals) {
        accrualRows.push({ loanId: loan.loan_id, ...a });
        penaltyToday += a.penaltyFen;
        compoundToday += a.compoundFen;
        feesToday += a.lateFeeFen;
      }
      let caseId = loan.case_id;
      const d = result.delinquency;
      const action = result.caseAction;
      if (action.kind === 'open') {
        toOpen.push({
          loanId: loan.loan_id,
          customerId: loan.customer_id,
          stage: action.stage,
          bucket: d.bucket,
          dpd: d.dpd,
        });
      } else if (action.kind === 'update' && caseId) {
        // Only stage and bucket changes touch the case (its dpd is the DPD at that change; the
        // current DPD is in loan_state): most open cases change nothing on most days.
        if (action.stageChanged || action.bucketChanged) {
          toUpdate.push({ caseId, stage: action.stage, bucket: d.bucket, dpd: d.dpd });
        }
        if (action.stageChanged) {
          events.push({
            caseId,
            loanId: loan.loan_id,
            kind: 'stage_changed',
            fromValue: loan.case_stage,
            toValue: action.stage,
            detail: { dpd: d.dpd },
          });
        } else if (action.bucketChanged) {
          events.push({
            caseId,
            loanId: loan.loan_id,
            kind: 'bucket_changed',
            fromValue: loan.case_bucket,
            toValue: d.bucket,
            detail: { dpd: d.dpd },
          });
        }
      } else if (action.kind === 'close' && caseId) {
        toClose.push({ caseId, reason: action.reason, dpd: d.dpd, bucket: d.bucket });
        events.push({
          caseId,
          loanId: loan.loan_id,
          kind: 'closed',
          fromValue: 'open',
          toValue: action.reason,
          detail: { dpd: d.dpd },
        });
        caseId = null;
      }
      if (result.paidOff) paidOff.push(loan.loan_id);
      states.push({
        loanId: loan.loan_id,
        customerId: loan.customer_id,
        productId: loan.product_id,
        dpd: d.dpd,
        bucket: d.bucket,
        outstandingPrincipalFen: d.outstandingPrincipalFen,
        overduePrincipalFen: d.overduePrincipalFen,
        overdueInterestFen: d.overdueInterestFen,
        overduePenaltyFen: result.overduePenaltyFen,
        overdueFeesFen: d.overdueFeesFen,
        penaltyTodayFen: penaltyToday,
        compoundTodayFen: compoundToday,
        feesTodayFen: feesToday,
        accruedPenaltyFen: result.state.accruedPenaltyFen,
        accruedCompoundFen: result.state.accruedCompoundFen,
        accruedFeesFen: result.state.accruedFeesFen,
        principalDays: result.state.principalDays,
        capped: result.capped,
        episodes: result.episodes,
        worstDpd: result.worstDpd,
        inCollection: d.inCollection && !result.paidOff,
        caseId,
        validContacts: loan.valid_contacts,
        selfContactValid: loan.self_contact_valid,
      });
    }

    lap('compute');
    await repo.addInstallmentAccruals(accrualRows);
    const opened = await repo.openCases(asOf, toOpen);
    const stateByLoan = new Map(states.map((s) => [s.loanId, s]));
    for (const o of toOpen) {
      const caseId = opened.get(o.loanId)!;
      events.push({
        caseId,
        loanId: o.loanId,
        kind: 'opened',
        fromValue: null,
        toValue: o.stage,
        detail: { dpd: o.dpd, bucket: o.bucket },
      });
      const s = stateByLoan.get(o.loanId);
      if (s) s.caseId = caseId;
    }
    await repo.updateCases(toUpdate);
    await repo.closeCases(asOf, toClose);
    await repo.insertCaseEvents(asOf, events);
    await repo.writeStates(asOf, states);
    await repo.markPaidOff(asOf, paidOff);
    lap('write');
    return clean + loans.length;
  }
}
