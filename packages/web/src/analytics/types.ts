/**
 * Shapes of the analytics API (packages/server/src/modules/analytics) as the dashboards use
 * them. The figures are the domain's KPI results, so their types come from the domain package.
 */
import type {
  AnalyticsDimension,
  AnalyticsSettings,
  CureRates,
  EntryRates,
  FlowRateMonth,
  PromiseRates,
  Ratio,
  RecoveryRates,
  RecoveryTotals,
  RollRateMatrix,
  VintageCurve,
} from '@huikuan/domain';

export type { AnalyticsDimension, AnalyticsSettings, Ratio };

type Text = { 'zh-CN': string; 'en-US': string };

/** The definition block the server sends beside each figure: formula, counts and settings used. */
export interface KpiDefinitionView {
  kpi: string;
  name: Text;
  formula: Text;
  numerator: Text;
  denominator: Text | null;
  reading: Text;
  unit: 'ratio' | 'fen' | 'count';
  settingsUsed: { path: string; value: unknown }[];
}

interface DashboardBase<D extends string, G> {
  period: { from: string; to: string };
  dimension: AnalyticsDimension | null;
  definitions: Record<D, KpiDefinitionView>;
  /** One per key of the breakdown (unassigned last); one group with key null without a breakdown. */
  groups: (G & { key: string | null; label: string | null })[];
}

/** 滚动率矩阵 one observation month's matrix, with how much of its performance window has run. */
export interface RollRateView extends RollRateMatrix {
  /** Months of the performance window that have ended (up to performanceWindow.length). */
  monthsPerformed: number;
  /** The whole performance window has run: the matrix no longer changes. */
  complete: boolean;
}

/** 资产质量 GET /analytics/dashboards/portfolio. */
export type PortfolioDashboard = DashboardBase<
  'flowRate' | 'collectionMultiplier' | 'entryRate' | 'vintage' | 'rollRate',
  {
    flowRates: FlowRateMonth[];
    entryRate: EntryRates;
    vintage: VintageCurve[];
    /** Latest observation month first; empty until a performance month has ended. */
    rollRate: RollRateView[];
  }
>;

export interface CollectionGroup {
  cureRate: CureRates;
  promises: PromiseRates;
  contactRate: Ratio;
  coverage: Ratio;
  penetration: Ratio;
  amountCollected: { collectedFen: number; payments: number };
  /** 催回率 of the cases allocated in the period, on both bases, with the totals behind it. */
  recoveryRate: RecoveryRates & RecoveryTotals;
}

/** 催收作业 GET /analytics/dashboards/collection. */
export type CollectionDashboard = DashboardBase<
  | 'cureRate'
  | 'ptpRate'
  | 'keptRate'
  | 'brokenPromises'
  | 'contactRate'
  | 'coverage'
  | 'penetration'
  | 'amountCollected'
  | 'recoveryRate',
  CollectionGroup
>;

/** One case of a drill-down (GET /analytics/cases). */
export interface DrillCase {
  caseId: string;
  loanRef: string;
  bucket: string;
  dpd: number;
  product: string;
  region: string | null;
  team: string | null;
  collector: string | null;
  variant: string | null;
  openedOn: string;
  closedOn: string | null;
  closeReason: string | null;
}

export interface DrillCasesPage {
  day: string;
  total: number;
  items: DrillCase[];
}

/** The dashboards' filters, as the query string names them (product and team by code). */
export interface AnalyticsFilters {
  from: string;
  to: string;
  product?: string | undefined;
  team?: string | undefined;
  bucket?: string | undefined;
  dimension?: AnalyticsDimension | undefined;
}

/** What a click on a figure asks for: the cases open at the end of `day` under the filters. */
export interface DrillTarget {
  /** The figure's name as shown (title of the drawer). */
  title: string;
  day: string;
  bucket?: string | undefined;
  /** The group's key as the dashboard returned it (with the filters' dimension); null = unassigned. */
  key?: string | null | undefined;
  /** The group's label, to show. */
  groupLabel?: string | null | undefined;
  /** Why this day: "the cases open at the period start", … */
  note: string;
}

/** PUT /analytics/settings answer. */
export interface SettingsSaved {
  settings: AnalyticsSettings;
  rebuildNeeded: boolean;
}
