import {
  bilingualMessage,
  CodedError,
  daysBetween,
  describeCondition,
  type Locale,
  type LocalizedText,
  StrategyDefinition,
  type StrategyIssue,
  strategyRejectedError,
  validateStrategy,
} from '@huikuan/domain';
import type { z } from 'zod';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { SystemService } from '../system/system.service.js';
import type { StrategyVersionListRow, StrategyVersionRow } from './strategy.repository.js';
import {
  MAX_SIMULATION_DAYS_AHEAD,
  type ManagerCreateStrategy,
  type ManagerEditStrategy,
  type ManagerSimulateStrategy,
  type SimulationResult,
  type StrategyVersionDetail,
  type StrategyVersionSummary,
} from './strategy.schemas.js';
import { BookSimulation } from './strategy-simulation.js';

type SummaryT = z.infer<typeof StrategyVersionSummary>;
type DetailT = z.infer<typeof StrategyVersionDetail>;
type SimulationT = z.infer<typeof SimulationResult>;
type Status = SummaryT['status'];

/** Where strategies meet the rest of the system. */
export interface StrategySettings {
  /** The strategy code daily planning gives new cases (dispatch's DEFAULT_STRATEGY_CODE). */
  planningCode: string;
  /** The locale dispatch renders messages in: a step's template must be approved in it. */
  dispatchLocale: Locale;
  /** The institution's time zone: where a business date ends (for past-date simulation). */
  timeZone: string;
  /** Seeds the shipped strategy and templates once per database (dispatch's ensureDefaults). */
  ensureDefaults: (r: Repositories) => Promise<void>;
}

/** The most open cases one simulation reads (the first by case id; by loan id from a snapshot). */
export const MAX_SIMULATED_CASES = 200_000;
const SIMULATION_PAGE = 2000;
const DEFAULT_CALLS_PER_COLLECTOR = 80;
const CALL_CAPACITY_SETTING = 'collector_daily_call_capacity';

const CURRENT_BOOK: LocalizedText = {
  'zh-CN': '基于当前营业日的在催案件;假设期间无还款、无承诺、无触达结果',
  'en-US': "Runs over today's open book; assumes no payment, promise or contact outcome in the period",
};

const snapshotBook = (asOf: string): LocalizedText => ({
  'zh-CN': `基于营业日 ${asOf} 日终快照中的在催案件(逾期天数、账龄、阶段、金额、逾期次数、最高逾期天数、联系人有效性均取当日值;产品、地区、抵押物取当前值);假设其后无还款、无承诺、无触达结果`,
  'en-US': `Runs over the cases open at the end of ${asOf}, from that day's snapshot (DPD, bucket, stage, amounts, episodes, worst DPD and contact validity as of that day; product, region and collateral as they are today); assumes no payment, promise or contact outcome after it`,
});

const SIMULATION_ASSUMPTIONS: readonly LocalizedText[] = Object.freeze([
  {
    'zh-CN': '逾期天数、账龄与阶段逐日推进;金额、联系人有效性等保持基准日的值',
    'en-US':
      'DPD, bucket and stage move on day by day; amounts, contact validity and other facts stay as they are on the as-of date',
  },
  {
    'zh-CN': '每个案件按本版本重新分群(阶段变化时重新分群);不计合规拦截与每日触达上限',
    'en-US':
      'Every case is segmented afresh by this version (again on a stage change); compliance refusals and daily contact caps are not applied',
  },
]);

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A definition as a draft takes it: it must parse; else every parse issue with its path. */
function parseDraft(definition: unknown): StrategyDefinition {
  const parsed = StrategyDefinition.safeParse(definition);
  if (parsed.success) return parsed.data;
  // validateStrategy stops at the shape when it does not parse: exactly the parse issues.
  const shape = validateStrategy(definition, { templateCodes: [] });
  throw strategyRejectedError(shape.ok ? [] : shape.issues);
}

function coded(path: string, code: StrategyIssue['code'], params: Record<string, unknown>): StrategyIssue {
  return { path, code, params, message: bilingualMessage(code, params) };
}

/**
 * 策略版本 strategies as versioned data: drafts (which must at least parse), submission
 * (validateStrategy against the approved templates: gaps, overlaps, unknown templates … each
 * with its path), four-eyes approval that activates a version and retires the previous active
 * one of its code in one audited transaction, retirement, and simulation over the open book
 * with no side effects.
 */
export class StrategyService {
  private defaultsReady = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly system: SystemService,
    private readonly clock: Clock,
    private readonly settings: StrategySettings,
  ) {}

  /** The shipped default must exist before anyone numbers versions or lists them. */
  private async ready(): Promise<void> {
    if (this.defaultsReady) return;
    await this.uow.transaction((r) => this.settings.ensureDefaults(r));
    this.defaultsReady = true;
  }

  private summaryOf(row: StrategyVersionListRow): SummaryT {
    return {
      id: row.id,
      code: row.code,
      version: row.version,
      status: row.status as Status,
      name: (row.name as LocalizedText | null) ?? null,
      segmentCount: Number(row.segment_count),
      author: row.author,
      authorId: row.author_id,
      approver: row.approver,
      createdAt: row.created_at.toISOString(),
      submittedAt: iso(row.submitted_at),
      activatedAt: iso(row.activated_at),
      retiredAt: iso(row.retired_at),
      revision: row.revision,
      editorIds: row.editor_ids,
      updatedAt: iso(row.updated_at),
      usedByDailyPlanning: row.code === this.settings.planningCode,
    };
  }

  /** The approved templates a step may name: code → channel, in the dispatch locale. */
  private async approvedTemplates(r: Repositories): Promise<Map<string, string>> {
    const rows = await r.strategies.approvedTemplates();
    return new Map(
      rows.filter((t) => t.locale === this.settings.dispatchLocale).map((t) => [t.code, t.channel]),
    );
  }

  /**
   * Every problem of a definition: validateStrategy's (shape, references, coverage, plans),
   * and a step naming a template written for another channel (dispatch would send an email
   * body as a text message).
   */
  private check(definition: unknown, templates: ReadonlyMap<string, string>): StrategyIssue[] {
    const parsed = StrategyDefinition.safeParse(definition);
    const result = validateStrategy(definition, { templateCodes: new Set(templates.keys()) });
    const issues = result.ok ? [] : [...result.issues];
    if (!parsed.success) return issues;
    parsed.data.plans.forEach((plan, p) => {
      plan.steps.forEach((step, s) => {
        const templateChannel =
          step.templateCode === undefined ? undefined : templates.get(step.templateCode);
        if (templateChannel !== undefined && templateChannel !== step.channel) {
          issues.push(
            coded(`plans.${p}.steps.${s}.templateCode`, 'STRATEGY_TEMPLATE_CHANNEL_MISMATCH', {
              templateCode: step.templateCode,
              templateChannel,
              channel: step.channel,
            }),
          );
        }
      });
    });
    return issues;
  }

  private detailOf(row: StrategyVersionRow, templates: ReadonlyMap<string, string>): DetailT {
    const issues = this.check(row.definition, templates);
    const parsed = StrategyDefinition.safeParse(row.definition);
    return {
      ...this.summaryOf(row),
      definition: row.definition,
      validation: {
        ok: issues.length === 0,
        issues: issues.map((i) => ({
          path: i.path,
          code: i.code,
          params: i.params,
          message: i.message,
          ...(i.facts ? { facts: i.facts as Record<string, unknown> } : {}),
        })),
      },
      segments: parsed.success
        ? parsed.data.segments.map((s) => ({
            code: s.code,
            name: s.name,
            condition: s.condition,
            description: {
              'zh-CN': describeCondition(s.condition, 'zh-CN'),
              'en-US': describeCondition(s.condition, 'en-US'),
            },
          }))
        : [],
    };
  }

  async list(): Promise<SummaryT[]> {
    await this.ready();
    const rows = await this.uow.repositories.strategies.listStrategyVersions(1000);
    return rows.map((row) => this.summaryOf(row));
  }

  async detail(id: string): Promise<DetailT> {
    await this.ready();
    const r = this.uow.repositories;
    const row = await r.strategies.strategyVersion(id);
    if (!row) throw new CodedError('STRATEGY_NOT_FOUND', { ref: id });
    return this.detailOf(row, await this.approvedTemplates(r));
  }

  /** 新建草稿 a draft from a definition or a copy; it must parse (coverage and templates wait for submit). */
  async create(input: ManagerCreateStrategy, actor: Actor): Promise<DetailT> {
    await this.ready();
    let definition: unknown;
    if ('copyOf' in input) {
      const source = await this.uow.repositories.strategies.strategyVersion(input.copyOf);
      if (!source) throw new CodedError('STRATEGY_NOT_FOUND', { ref: input.copyOf });
      definition = {
        ...(source.definition as Record<string, unknown>),
        ...(input.code ? { code: input.code } : {}),
      };
    } else {
      definition = input.definition;
    }
    const parsed = parseDraft(definition);
    const id = newId();
    await this.uow.transaction(async (r) => {
      await r.strategies.lockStrategyCode(parsed.code);
      const version = await r.strategies.nextStrategyVersion(parsed.code);
      await r.strategies.insertStrategyVersion({
        id,
        code: parsed.code,
        version,
        definition: { ...parsed, version },
        authorId: actor.userId,
        at: this.clock.now(),
      });
      await this.audit.append(r.audit, actor, {
        action: 'strategy.created',
        targetType: 'strategy_version',
        targetId: id,
        after: { code: parsed.code, version, ...('copyOf' in input ? { copyOf: input.copyOf } : {}) },
      });
    });
    return this.detail(id);
  }

  /**
   * 编辑草稿 replaces the definition of a draft in place, checked exactly as a new draft (it
   * must parse; nothing is saved otherwise). Any strategy manager may edit (the route's
   * strategy.manage); an editor other than the author is recorded and may not approve it. The
   * edit names the revision it was made from: if someone saved since, 409 STRATEGY_DRAFT_STALE.
   */
  async edit(id: string, input: ManagerEditStrategy, actor: Actor): Promise<DetailT> {
    await this.ready();
    await this.uow.transaction(async (r) => {
      const row = await this.lockedVersion(r, id, 'edit', ['draft']);
      if (row.revision !== input.expectedRevision) {
        throw new CodedError('STRATEGY_DRAFT_STALE', {
          expected: input.expectedRevision,
          current: row.revision,
        });
      }
      const parsed = parseDraft(input.definition);
      if (parsed.code !== row.code) {
        throw strategyRejectedError([
          coded('code', 'STRATEGY_CODE_CHANGED', { code: row.code, newCode: parsed.code }),
        ]);
      }
      const updated = await r.strategies.updateStrategyDraft({
        id,
        revision: row.revision,
        definition: { ...parsed, version: row.version },
        editorId: actor.userId,
        at: this.clock.now(),
      });
      // The row is locked: it cannot have moved on since it was read.
      if (!updated) throw new Error(`strategy version ${id} changed under its row lock`);
      await this.audit.append(r.audit, actor, {
        action: 'strategy.edited',
        targetType: 'strategy_version',
        targetId: id,
        before: { revision: row.revision, definition: row.definition },
        after: { revision: row.revision + 1, code: row.code, version: row.version },
      });
    });
    return this.detail(id);
  }

  private async lockedVersion(r: Repositories, id: string, action: string, from: readonly Status[]) {
    const row = await r.strategies.strategyVersion(id, true);
    if (!row) throw new CodedError('STRATEGY_NOT_FOUND', { ref: id });
    if (!from.includes(row.status as Status)) {
      throw new CodedError('STRATEGY_TRANSITION_INVALID', { status: row.status, action });
    }
    return row;
  }

  /** 提交审批 draft → in review, only when validateStrategy finds nothing (else 422 with every issue). */
  async submit(id: string, actor: Actor): Promise<DetailT> {
    await this.ready();
    await this.uow.transaction(async (r) => {
      const row = await this.lockedVersion(r, id, 'submit', ['draft']);
      const issues = this.check(row.definition, await this.approvedTemplates(r));
      if (issues.length > 0) throw strategyRejectedError(issues);
      await r.strategies.markStrategySubmitted(id, this.clock.now());
      await this.audit.append(r.audit, actor, {
        action: 'strategy.submitted',
        targetType: 'strategy_version',
        targetId: id,
        before: { status: row.status },
        after: { status: 'in-review', code: row.code, version: row.version },
      });
    });
    return this.detail(id);
  }

  /**
   * 审批生效 four-eyes approval: not by the author; the definition is checked again (a template
   * may have been retired since submission); the previous active version of the code is retired
   * and this one activated in one transaction, so on any failure the active version stays.
   */
  async approve(id: string, actor: Actor): Promise<DetailT> {
    await this.ready();
    await this.uow.transaction(async (r) => {
      const row = await this.lockedVersion(r, id, 'approve', ['in-review']);
      // Four eyes: nobody who wrote the version — its author or an editor of the draft.
      if (
        actor.userId !== null &&
        (row.author_id === actor.userId || row.editor_ids.includes(actor.userId))
      ) {
        throw new CodedError('STRATEGY_SELF_APPROVAL');
      }
      await r.strategies.lockStrategyCode(row.code);
      const issues = this.check(row.definition, await this.approvedTemplates(r));
      if (issues.length > 0) throw strategyRejectedError(issues);
      const now = this.clock.now();
      const previous = await r.strategies.activeStrategyId(row.code);
      if (previous) await r.strategies.markStrategyRetired(previous.id, now);
      await r.strategies.markStrategyActive(id, actor.userId, now);
      await this.audit.append(r.audit, actor, {
        action: 'strategy.activated',
        targetType: 'strategy_version',
        targetId: id,
        before: { active: previous ? { id: previous.id, version: previous.version } : null },
        after: { active: { id, code: row.code, version: row.version }, author: row.author },
      });
    });
    return this.detail(id);
  }

  /** 停用 retires a version; the active version daily planning uses is only replaced, never retired. */
  async retire(id: string, reason: string | undefined, actor: Actor): Promise<DetailT> {
    await this.ready();
    await this.uow.transaction(async (r) => {
      const row = await this.lockedVersion(r, id, 'retire', ['draft', 'in-review', 'active']);
      if (row.status === 'active' && row.code === this.settings.planningCode) {
        throw new CodedError('STRATEGY_ACTIVE_NOT_RETIRABLE', { code: row.code });
      }
      await r.strategies.markStrategyRetired(id, this.clock.now());
      await this.audit.append(r.audit, actor, {
        action: 'strategy.retired',
        targetType: 'strategy_version',
        targetId: id,
        before: { status: row.status },
        after: { status: 'retired', code: row.code, version: row.version, reason: reason ?? null },
      });
    });
    return this.detail(id);
  }

  /**
   * 策略模拟 plans an open book with a version, day by day in memory: nothing is written. The
   * book is today's (asOf = the business date, the default) or the cases open at the end of a
   * past business date, rebuilt from that day's snapshot. Reads at most MAX_SIMULATED_CASES
   * cases, a page at a time (the event loop breathes between pages).
   */
  async simulate(id: string, input: ManagerSimulateStrategy): Promise<SimulationT> {
    const started = performance.now();
    await this.ready();
    const r = this.uow.repositories;
    const row = await r.strategies.strategyVersion(id);
    if (!row) throw new CodedError('STRATEGY_NOT_FOUND', { ref: id });
    // Stored versions always parse (create and edit refuse what does not).
    const strategy = StrategyDefinition.parse(row.definition);
    const businessDate = await this.system.businessDate();
    const asOf = input.asOf ?? businessDate;
    if (asOf > businessDate) throw new CodedError('SIMULATION_DATE_IN_FUTURE', { asOf, businessDate });
    const startOn = input.startOn ?? asOf;
    const ahead = daysBetween(asOf, startOn);
    if (ahead < 0 || ahead > MAX_SIMULATION_DAYS_AHEAD) {
      throw new CodedError('SIMULATION_DATE_INVALID', { asOf, maxDays: MAX_SIMULATION_DAYS_AHEAD });
    }
    const book = asOf === businessDate ? 'current' : 'snapshot';
    if (book === 'snapshot') {
      const snapshot = await r.strategies.snapshotAvailability(asOf);
      if (!snapshot.available) {
        throw new CodedError('SIMULATION_SNAPSHOT_MISSING', { asOf, earliest: snapshot.earliest ?? '—' });
      }
    }
    const simulation = new BookSimulation(strategy, asOf, startOn, input.days);
    let after: string | null = null;
    let read = 0;
    let truncated = false;
    while (read < MAX_SIMULATED_CASES) {
      const limit = Math.min(SIMULATION_PAGE, MAX_SIMULATED_CASES - read);
      let next: string | null;
      if (book === 'current') {
        const page = await r.dispatch.planningCases(after, limit);
        if (page.length === 0) break;
        simulation.addCases(page);
        read += page.length;
        next = page.at(-1)!.case_id;
      } else {
        const page = await r.strategies.snapshotPlanningCases(asOf, this.settings.timeZone, after, limit);
        if (page.length === 0) break;
        simulation.addCases(page);
        read += page.length;
        next = page.at(-1)!.loan_id;
      }
      after = next;
    }
    if (read >= MAX_SIMULATED_CASES) {
      truncated =
        book === 'current'
          ? (await r.strategies.openCaseIds(after, 1)).length > 0
          : (await r.strategies.snapshotPlanningCases(asOf, this.settings.timeZone, after, 1)).length > 0;
    }

    const collectors = await r.strategies.activeCollectorCount();
    const setting = await r.settings.get<unknown>(CALL_CAPACITY_SETTING);
    const callsPerCollector =
      input.callsPerCollector ??
      (typeof setting === 'number' && Number.isInteger(setting) && setting > 0
        ? setting
        : DEFAULT_CALLS_PER_COLLECTOR);
    const callsPerDay = collectors * callsPerCollector;
    const totals = simulation.result();
    return {
      strategy: { id: row.id, code: row.code, version: row.version, status: row.status },
      businessDate,
      asOf,
      book,
      startOn,
      days: input.days,
      cases: totals.cases,
      maxCases: MAX_SIMULATED_CASES,
      truncated,
      unassignedCases: totals.unassignedCases,
      callCapacity: { collectors, callsPerCollector, callsPerDay },
      byDay: totals.days.map((d) => {
        const callTasks = d.channels['call-task'];
        return {
          date: d.date,
          total: d.total,
          channels: d.channels,
          callTasks,
          callCapacity: callsPerDay,
          callLoad: callsPerDay > 0 ? callTasks / callsPerDay : null,
          overCapacity: callTasks > callsPerDay,
        };
      }),
      bySegment: totals.segments,
      samples: totals.samples,
      assumptions: [book === 'current' ? CURRENT_BOOK : snapshotBook(asOf), ...SIMULATION_ASSUMPTIONS],
      elapsedMs: Math.round(performance.now() - started),
    };
  }
}
