/**
 * 统计分析 the analytics service: writes the daily rollups (a daily-run step) and answers the
 * dashboards from them with the domain's KPI functions, each figure with its definition and the
 * settings it used. Every read runs in one transaction bounded by a statement timeout.
 */
import {
  type AnalyticsDimension,
  type AnalyticsSettings,
  addDays,
  addMonthsToMonth,
  type BucketPosition,
  CodedError,
  coverageFromCounts,
  cureRatesFromCounts,
  type DueDayTally,
  entryRatesFromDueDays,
  flowRatesFromPositions,
  type KpiId,
  kpiDefinition,
  kpiSettingsUsed,
  monthOf,
  type PromiseState,
  parseAnalyticsSettings,
  promiseRatesFromCounts,
  ratio,
  recoveryRatesFromTotals,
  rollRateFromCounts,
  vintageCurvesFromTotals,
} from '@huikuan/domain';
import type { Database } from '../../db/database.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { ScopedUser } from '../contacts/case-scope.js';
import { AnalyticsRepository, type DimColumn, type RollupFilter } from './analytics.repository.js';
import {
  AnalyticsOutcomesRepository,
  type RecoveryRowOut,
  type RollRateRowOut,
} from './analytics-outcomes.repository.js';

export const ANALYTICS_SETTINGS_KEY = 'analytics_settings';
/** The longest period a dashboard answers (days, both ends included). */
export const MAX_RANGE_DAYS = 400;
/** Every analytics query's statement timeout. */
export const QUERY_TIMEOUT_MS = 5_000;
export const MAX_DRILL_ROWS = 500;

export interface AnalyticsQuery {
  from: string;
  to: string;
  product?: string | undefined;
  team?: string | undefined;
  bucket?: string | undefined;
  dimension?: AnalyticsDimension | undefined;
}

const COLUMN: Record<AnalyticsDimension, DimColumn> = {
  product: 'product_id',
  region: 'region',
  team: 'team_id',
  collector: 'collector_id',
  variant: 'variant',
};

/** The definition block shown beside each chart. */
export function definitionOf(id: KpiId, settings: AnalyticsSettings) {
  const k = kpiDefinition(id);
  return {
    kpi: id,
    name: k.name,
    formula: k.formula,
    numerator: k.numerator,
    denominator: k.denominator,
    reading: k.reading,
    unit: k.unit,
    settingsUsed: kpiSettingsUsed(id, settings),
  };
}

/** The settings that change what a day's rollups hold (the rest is applied when reading). */
export function rollupSignature(s: AnalyticsSettings): string {
  return JSON.stringify({
    buckets: s.buckets.map((b) => [b.code, b.minDpd]),
    dpdThreshold: s.vintage.dpdThreshold,
    graceDays: s.entry.graceDays,
    rollRate: [s.rollRate.observationMonths, s.rollRate.performanceMonths],
  });
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export class AnalyticsService {
  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  // ------------------------------------------------------------------ settings

  async settings(): Promise<AnalyticsSettings> {
    return parseAnalyticsSettings(await this.uow.repositories.settings.get(ANALYTICS_SETTINGS_KEY));
  }

  /** Validates (the domain's schema), stores and audits; says whether the rollups must be rebuilt. */
  async setSettings(
    input: unknown,
    actor: Actor,
  ): Promise<{ settings: AnalyticsSettings; rebuildNeeded: boolean }> {
    const next = parseAnalyticsSettings(input);
    return this.uow.transaction(async (t) => {
      const before = parseAnalyticsSettings(await t.settings.getForUpdate(ANALYTICS_SETTINGS_KEY));
      await t.settings.set(ANALYTICS_SETTINGS_KEY, next, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'analytics.settings.set',
        targetType: 'setting',
        targetId: ANALYTICS_SETTINGS_KEY,
        before,
        after: next,
      });
      return { settings: next, rebuildNeeded: rollupSignature(before) !== rollupSignature(next) };
    });
  }

  // ------------------------------------------------------------------ the daily write

  /** The daily-run step: the day's rollups, rewritten whole in one transaction (idempotent). */
  async writeDay(asOf: string): Promise<void> {
    const s = await this.settings();
    const def = {
      buckets: s.buckets,
      dpdThreshold: s.vintage.dpdThreshold,
      graceDays: s.entry.graceDays,
      timeZone: this.timeZone,
    };
    await this.db.transaction().execute(async (trx) => {
      // The outcome rollups first: they ask whether an earlier day of the month has rollups. Both
      // rewrite payment events back to the oldest payment posted or reversed since the last write.
      const outcomes = new AnalyticsOutcomesRepository(trx);
      const from = await outcomes.rewriteFrom(asOf);
      await outcomes.writeDay(asOf, from, def, s.rollRate);
      await new AnalyticsRepository(trx).writeDay(asOf, def, rollupSignature(s), from);
    });
  }

  /** Rewrites the rollups of every day in [from, to] that has snapshots (after a settings change). */
  async rebuild(from: string, to: string): Promise<{ days: number }> {
    this.assertRange(from, to);
    let days = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) {
      await this.writeDay(d);
      days += 1;
    }
    return { days };
  }

  // ------------------------------------------------------------------ reads

  private assertRange(from: string, to: string): void {
    if (from > to) throw new CodedError('ANALYTICS_PERIOD_INVALID', { from, to });
    const days = daysBetween(from, to) + 1;
    if (days > MAX_RANGE_DAYS) {
      throw new CodedError('ANALYTICS_RANGE_TOO_LONG', { from, to, days, max: MAX_RANGE_DAYS });
    }
  }

  /** Runs reads in one transaction under the statement timeout; a timeout is a coded error. */
  private async read<T>(
    work: (r: AnalyticsRepository, o: AnalyticsOutcomesRepository) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const r = new AnalyticsRepository(trx);
        await r.setStatementTimeout(QUERY_TIMEOUT_MS);
        return work(r, new AnalyticsOutcomesRepository(trx));
      });
    } catch (error) {
      if ((error as { code?: string }).code === '57014') {
        throw new CodedError('ANALYTICS_QUERY_TIMEOUT', { ms: QUERY_TIMEOUT_MS });
      }
      throw error;
    }
  }

  /**
   * The query's filters by id. 数据范围: a team lead's collection figures are their teams' only
   * (a team filter outside them is refused); a user scoped to their own or an agency's cases sees
   * no team's (such roles have no analytics access by default).
   */
  private async filterOf(
    r: AnalyticsRepository,
    q: AnalyticsQuery,
    s: AnalyticsSettings,
    user: ScopedUser | null,
  ): Promise<RollupFilter> {
    const productId = q.product ? await r.productIdByCode(q.product) : null;
    if (q.product && !productId) throw new CodedError('NOT_FOUND');
    const teamId = q.team ? await r.teamIdByCode(q.team) : null;
    if (q.team && !teamId) throw new CodedError('NOT_FOUND');
    if (q.bucket && !s.buckets.some((b) => b.code === q.bucket)) {
      throw new CodedError('VALIDATION_FAILED', {}, [
        {
          path: 'querystring.bucket',
          code: 'VALIDATION_FAILED',
          message: { 'zh-CN': '没有该逾期阶段', 'en-US': 'No such bucket' },
        },
      ]);
    }
    let teamIds: string[] | null = teamId === null ? null : [teamId];
    if (user !== null && user.dataScope !== 'all') {
      const mine = user.dataScope === 'team' ? user.teams.map((t) => t.id) : [];
      if (teamId !== null && !mine.includes(teamId)) {
        throw new CodedError('ANALYTICS_TEAM_OUT_OF_SCOPE', { team: q.team ?? '' });
      }
      teamIds ??= mine;
    }
    return { productId, teamIds, bucket: q.bucket ?? null };
  }

  /** Refuses when a day in the range was rolled up under other bucket edges or thresholds. */
  private async assertFresh(r: AnalyticsRepository, from: string, to: string, s: AnalyticsSettings) {
    const signature = rollupSignature(s);
    const stale = (await r.rollupDays(from, to)).filter((d) => d.signature !== signature);
    if (stale.length > 0) {
      throw new CodedError('ANALYTICS_ROLLUPS_STALE', {
        changed:
          'buckets / vintage.dpdThreshold / entry.graceDays / rollRate.observationMonths / rollRate.performanceMonths',
        from: stale[0]!.as_of,
        to: stale.at(-1)!.as_of,
      });
    }
  }

  private async labelled(r: AnalyticsRepository, dim: DimColumn | null, keys: (string | null)[]) {
    const present = [...new Set(keys.filter((k): k is string => k !== null))];
    const labels = dim ? await r.labels(dim, present) : new Map<string, string>();
    return (key: string | null) => (key === null ? null : (labels.get(key) ?? key));
  }

  /** 资产质量 portfolio dashboard: flow rates with the multiplier, entry rate, vintage curves. */
  async portfolio(q: AnalyticsQuery) {
    this.assertRange(q.from, q.to);
    const s = await this.settings();
    const dimension = q.dimension ?? null;
    if (dimension && dimension !== 'product' && dimension !== 'region') {
      throw new CodedError('ANALYTICS_DIMENSION_NOT_APPLICABLE', {
        kpi: 'flow-rate',
        dimension,
        allowed: 'product, region',
      });
    }
    const dim = dimension ? (COLUMN[dimension] as 'product_id' | 'region') : null;
    const codes = s.buckets.map((b) => b.code);
    return this.read(async (r, o) => {
      const filter = await this.filterOf(r, q, s, null);
      // Flow rates need the month end before the period's first month.
      const firstDay = `${addMonthsToMonth(monthOf(q.from), -1)}-01`;
      await this.assertFresh(r, firstDay, q.to, s);
      const positions = await r.monthEndPositions(firstDay, q.to, filter, dim);
      const entryRows = await r.entryDays(addDays(q.from, -1 - s.entry.graceDays), q.to, filter, dim);
      const label = await this.labelled(r, dim, [
        ...positions.map((p) => p.key),
        ...entryRows.map((e) => e.key),
      ]);
      const keys = dim
        ? [...new Set([...positions.map((p) => p.key), ...entryRows.map((e) => e.key)])].sort(byKey)
        : [null];
      const lastMonth = positions
        .map((p) => p.month)
        .sort()
        .at(-1);
      const cohortRows = lastMonth
        ? await r.cohorts(filter, dim, addMonthsToMonth(lastMonth, -s.vintage.maxMob), lastMonth)
        : [];
      // Roll-rate matrices of the observation points whose performance window overlaps the period.
      const rollRows = await o.rollRates(
        `${addMonthsToMonth(monthOf(q.from), -s.rollRate.performanceMonths)}-01`,
        `${monthOf(q.to)}-01`,
        filter.productId,
        dim,
      );
      const groups = keys.map((key) => {
        const mine = positions.filter((p) => p.key === key);
        const byMonth = new Map<string, BucketPosition[]>();
        for (const p of mine) {
          let list = byMonth.get(p.month);
          if (!list) {
            list = codes.map((bucket) => ({ bucket, balanceFen: 0, loans: 0 }));
            byMonth.set(p.month, list);
          }
          const at = list[codes.indexOf(p.bucket)];
          if (at) {
            at.balanceFen += Number(p.balance_fen);
            at.loans += p.loans;
          }
        }
        const flows = flowRatesFromPositions(byMonth, s).filter((m) => m.month >= monthOf(q.from));
        const dueDays: DueDayTally[] = entryRows
          .filter((e) => e.key === key)
          .map((e) => ({
            dueOn: e.due_on,
            inCollectionBefore: e.in_collection_before,
            installments: e.installments,
            dueFen: Number(e.due_fen),
            entered: e.entered,
            enteredFen: Number(e.entered_fen),
          }));
        const entry = entryRatesFromDueDays(dueDays, { from: q.from, to: q.to }, s);
        const bad = new Map<string, number>();
        for (const p of mine) {
          if (p.bad)
            bad.set(
              `${p.cohort_month}|${p.month}`,
              (bad.get(`${p.cohort_month}|${p.month}`) ?? 0) + Number(p.balance_fen),
            );
        }
        const vintage = vintageCurvesFromTotals(
          cohortRows
            .filter((c) => c.key === key)
            .map((c) => ({ cohort: c.cohort, loans: c.loans, disbursedFen: Number(c.disbursed_fen) })),
          (cohort, month) => bad.get(`${cohort}|${month}`) ?? 0,
          lastMonth,
          s,
        );
        const rollRate = rollRateMatrices(
          rollRows.filter((x) => x.key === key),
          s,
        );
        return { key, label: label(key), flowRates: flows, entryRate: entry, vintage, rollRate };
      });
      return {
        period: { from: q.from, to: q.to },
        dimension,
        definitions: {
          flowRate: definitionOf('flow-rate', s),
          collectionMultiplier: definitionOf('collection-multiplier', s),
          entryRate: definitionOf('entry-rate', s),
          vintage: definitionOf('vintage', s),
          rollRate: definitionOf('roll-rate', s),
        },
        groups,
      };
    });
  }

  /**
   * 催收作业 collection dashboard: cure, PTP/kept/broken, contact, coverage, penetration, collected,
   * recovery — limited to a team lead's teams (`user` null: the whole book, e.g. the daily summary).
   */
  async collection(q: AnalyticsQuery, user: ScopedUser | null = null) {
    this.assertRange(q.from, q.to);
    const s = await this.settings();
    const dimension = q.dimension ?? null;
    const dim = dimension ? COLUMN[dimension] : null;
    return this.read(async (r, o) => {
      const filter = await this.filterOf(r, q, s, user);
      const startDay = addDays(q.from, -1);
      await this.assertFresh(r, startDay, q.to, s);
      const cure = await r.cureCounts(startDay, q.from, q.to, s.cure.reasons, filter, dim);
      const coverage = await r.coverageCounts(q.from, q.to, s.contact.attemptChannels, filter, dim);
      const activity = await r.activity(q.from, q.to, filter, dim);
      const promises = await r.promiseCounts(q.from, q.to, filter, dim);
      const recovery = await o.recoveryTotals(q.from, q.to, s.recovery.settledReasons, filter, dim);
      const all = [...cure, ...coverage, ...activity, ...promises, ...recovery].map((x) => x.key);
      const label = await this.labelled(r, dim, all);
      const keys = dim ? [...new Set(all)].sort(byKey) : [null];
      const groups = keys.map((key) => {
        const cureRates = cureRatesFromCounts(
          s.buckets.map((b) => {
            const rows = cure.filter((c) => c.key === key && c.bucket === b.code);
            return {
              bucket: b.code,
              open: rows.reduce((a, c) => a + c.open, 0),
              cured: rows.reduce((a, c) => a + c.cured, 0),
            };
          }),
          s,
        );
        const cov = coverage.find((c) => c.key === key) ?? { held: 0, attempted: 0, attempts: 0 };
        const act = activity.find((a) => a.key === key);
        const decided: Partial<Record<PromiseState, number>> = {};
        let taken = 0;
        let takenFen = 0;
        let awaiting = 0;
        for (const p of promises.filter((x) => x.key === key)) {
          if (p.state === 'cancelled') continue;
          if (p.kind === 'taken') {
            taken += p.promises;
            takenFen += Number(p.amount_fen);
          } else if (p.state === 'pending') awaiting += p.promises;
          else decided[p.state as PromiseState] = (decided[p.state as PromiseState] ?? 0) + p.promises;
        }
        return {
          key,
          label: label(key),
          cureRate: cureRates,
          promises: promiseRatesFromCounts(
            { rightPartyContacts: act?.right_party ?? 0, taken, takenFen, awaiting, decided },
            s,
          ),
          contactRate: ratio(act?.connected ?? 0, act?.dialed ?? 0, s.decimalPlaces),
          ...coverageFromCounts(cov, s),
          amountCollected: { collectedFen: Number(act?.collected_fen ?? 0), payments: act?.payments ?? 0 },
          recoveryRate: recoveryOf(
            recovery.find((x) => x.key === key),
            s,
          ),
        };
      });
      return {
        period: { from: q.from, to: q.to },
        dimension,
        definitions: {
          cureRate: definitionOf('cure-rate', s),
          ptpRate: definitionOf('ptp-rate', s),
          keptRate: definitionOf('kept-rate', s),
          brokenPromises: definitionOf('broken-promises', s),
          contactRate: definitionOf('contact-rate', s),
          coverage: definitionOf('coverage', s),
          penetration: definitionOf('penetration', s),
          amountCollected: definitionOf('amount-collected', s),
          recoveryRate: definitionOf('recovery-rate', s),
        },
        groups,
      };
    });
  }

  /** The cases behind a figure: open at the end of `day` under the filters and key, paged and bounded. */
  async drillDown(
    q: {
      day: string;
      product?: string | undefined;
      team?: string | undefined;
      bucket?: string | undefined;
      dimension?: AnalyticsDimension | undefined;
      key?: string | undefined;
      limit: number;
      offset: number;
    },
    user: ScopedUser,
  ) {
    const s = await this.settings();
    const dim = q.dimension ? COLUMN[q.dimension] : null;
    // 数据范围: figures are aggregates, but the cases behind them are listed only within the
    // user's data scope (a team lead sees their teams' cases, an agency user their agency's).
    const scope =
      user.dataScope === 'all'
        ? null
        : {
            userId: user.id,
            teamIds: user.teams.map((t) => t.id),
            agencyId: user.agencyId,
            kind: user.dataScope,
          };
    return this.read(async (r) => {
      const filter = await this.filterOf(r, { from: q.day, to: q.day, ...q }, s, user);
      const rows = await r.drillCases(
        q.day,
        filter,
        dim,
        q.key ?? null,
        Math.min(q.limit, MAX_DRILL_ROWS),
        q.offset,
        scope,
      );
      return {
        day: q.day,
        total: rows[0]?.total ?? 0,
        items: rows.map(({ total: _total, ...row }) => ({
          caseId: row.case_id,
          loanRef: row.loan_ref,
          bucket: row.bucket,
          dpd: row.dpd,
          product: row.product_code,
          region: row.region,
          team: row.team_code,
          collector: row.collector,
          variant: row.variant,
          openedOn: row.opened_on,
          closedOn: row.closed_on,
          closeReason: row.close_reason,
        })),
      };
    });
  }

  /** The latest day with rollups (the summary's "yesterday"). */
  async latestDay(): Promise<string | null> {
    return new AnalyticsRepository(this.db).latestRollupDay();
  }
}

/** One group's roll-rate matrices, latest observation month first, each with how much of its window has run. */
function rollRateMatrices(rows: readonly RollRateRowOut[], s: AnalyticsSettings) {
  const months = [...new Set(rows.map((x) => x.observation_month))].sort().reverse();
  return months.map((month) => {
    const mine = rows.filter((x) => x.observation_month === month);
    const monthsPerformed = mine[0]?.months_performed ?? 0;
    const matrix = rollRateFromCounts(
      month,
      mine
        .filter((x) => x.to_bucket !== null)
        .map((x) => ({
          from: x.from_bucket,
          to: x.to_bucket!,
          loans: x.loans,
          balanceFen: Number(x.balance_fen),
        })),
      mine.filter((x) => x.to_bucket === null).reduce((a, x) => a + x.loans, 0),
      s,
    );
    return { ...matrix, monthsPerformed, complete: monthsPerformed >= s.rollRate.performanceMonths };
  });
}

/** A group's recovery rate with the totals behind it. */
function recoveryOf(row: RecoveryRowOut | undefined, s: AnalyticsSettings) {
  const totals = {
    allocated: row?.allocated ?? 0,
    dueFen: Number(row?.due_fen ?? 0),
    collectedFen: Number(row?.collected_fen ?? 0),
    settled: row?.settled ?? 0,
  };
  return { ...recoveryRatesFromTotals(totals, s), ...totals };
}

const byKey = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
