import { ANALYTICS_DIMENSIONS } from '@huikuan/domain';
import { z } from 'zod';
import { MAX_DRILL_ROWS } from './analytics.service.js';

const Day = z.iso.date();
const Code = z.string().min(1).max(64);

/** The dashboards' filters; unknown keys are refused (VALIDATION_FAILED), not ignored. */
export const AnalystQueryDashboard = z
  .object({
    from: Day,
    to: Day,
    product: Code.optional(),
    team: Code.optional(),
    bucket: z.string().min(1).max(16).optional(),
    dimension: z.enum(ANALYTICS_DIMENSIONS).optional(),
  })
  .strict();
export type AnalystQueryDashboard = z.infer<typeof AnalystQueryDashboard>;

export const AnalystQueryCases = z
  .object({
    day: Day,
    product: Code.optional(),
    team: Code.optional(),
    bucket: z.string().min(1).max(16).optional(),
    dimension: z.enum(ANALYTICS_DIMENSIONS).optional(),
    /** The group's key (as the dashboard returned it); absent with a dimension = the unassigned group. */
    key: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_DRILL_ROWS).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type AnalystQueryCases = z.infer<typeof AnalystQueryCases>;

export const AnalystQueryExport = z
  .object({
    report: z.enum(['portfolio', 'collection', 'cases']),
    format: z.enum(['csv', 'xlsx']),
    from: Day.optional(),
    to: Day.optional(),
    day: Day.optional(),
    product: Code.optional(),
    team: Code.optional(),
    bucket: z.string().min(1).max(16).optional(),
    dimension: z.enum(ANALYTICS_DIMENSIONS).optional(),
    key: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_DRILL_ROWS).default(MAX_DRILL_ROWS),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();

export const ManagerRebuildRollups = z.object({ from: Day, to: Day }).strict();
export const ManagerSetSummaryRecipients = z
  .object({ recipients: z.array(z.email().max(254)).max(50) })
  .strict();

const Text = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
export const KpiDefinitionView = z.object({
  kpi: z.string(),
  name: Text,
  formula: Text,
  numerator: Text,
  denominator: Text.nullable(),
  reading: Text,
  unit: z.enum(['ratio', 'fen', 'count']),
  settingsUsed: z.array(z.object({ path: z.string(), value: z.unknown() })),
});

export const DashboardView = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  dimension: z.string().nullable(),
  definitions: z.record(z.string(), KpiDefinitionView),
  groups: z.array(z.looseObject({ key: z.string().nullable(), label: z.string().nullable() })),
});

const RatioView = z.object({
  numerator: z.number(),
  denominator: z.number(),
  value: z
    .string()
    .nullable()
    .describe('The ratio rounded half-up to the settings’ decimal places; null when the denominator is 0'),
});

/** One roll-rate matrix (observation month), as the portfolio dashboard's groups carry them. */
const RollRateView = z.object({
  observationMonth: z.string(),
  observationWindow: z.array(z.string()),
  performanceWindow: z.array(z.string()),
  basis: z.enum(['count', 'balance']),
  rows: z.array(
    z.object({
      from: z.string().describe('Worst bucket in the observation window'),
      total: z.number().describe('Loans, or fen of principal at the observation point, in the row'),
      cells: z.array(
        z.object({ to: z.string().describe('Worst bucket in the performance window'), ratio: RatioView }),
      ),
    }),
  ),
  withoutPerformance: z.number().int().describe('Loans with no position in the performance window (closed)'),
  monthsPerformed: z.number().int().describe('Months of the performance window that have ended'),
  complete: z.boolean(),
});

export const PortfolioDashboardView = DashboardView.extend({
  groups: z.array(
    z.looseObject({
      key: z.string().nullable(),
      label: z.string().nullable(),
      rollRate: z.array(RollRateView),
    }),
  ),
});

export const CollectionDashboardView = DashboardView.extend({
  groups: z.array(
    z.looseObject({
      key: z.string().nullable(),
      label: z.string().nullable(),
      recoveryRate: z.object({
        amount: RatioView,
        count: RatioView,
        basis: z.enum(['amount', 'count']),
        allocated: z.number().int().describe('Allocations (分案) made in the period'),
        dueFen: z.number().int().describe('Overdue amount when they were made'),
        collectedFen: z
          .number()
          .int()
          .describe('Received while the allocation held the case, by the period end'),
        settled: z.number().int().describe('Cases closed while held with one of recovery.settledReasons'),
      }),
    }),
  ),
});

export const CasesView = z.object({
  day: z.string(),
  total: z.number().int(),
  items: z.array(
    z.object({
      caseId: z.string(),
      loanRef: z.string(),
      bucket: z.string(),
      dpd: z.number().int(),
      product: z.string(),
      region: z.string().nullable(),
      team: z.string().nullable(),
      collector: z.string().nullable(),
      variant: z.string().nullable(),
      openedOn: z.string(),
      closedOn: z.string().nullable(),
      closeReason: z.string().nullable(),
    }),
  ),
});
