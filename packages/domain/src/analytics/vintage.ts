/**
 * 账龄分析 vintage curves: loans grouped by disbursement month (the cohort); at month on book
 * k (MOB k, the k-th month end after the disbursement month's), principal still outstanding
 * with DPD ≥ N ÷ principal disbursed in the cohort (GLOSSARY.md). N is a setting (31 = M2+).
 * A loan with no position at that month end (paid off, sold) contributes nothing.
 */
import type { BusinessDate } from '../calendar/business-date.js';
import type { Fen } from '../money/money.js';
import {
  type AnalyticsSettings,
  addMonthsToMonth,
  DEFAULT_ANALYTICS_SETTINGS,
  type Month,
  monthOf,
} from './analytics-settings.js';
import type { Dimensioned } from './dimensions.js';
import { type LoanMonthEnd, monthEndPositions } from './month-end.js';
import { type Ratio, ratio } from './ratio.js';

/** 放款 one loan as disbursed. */
export interface DisbursedLoanRecord extends Dimensioned {
  loanId: string;
  disbursedOn: BusinessDate;
  principalFen: Fen;
}

export interface VintagePoint {
  mob: number;
  month: Month;
  ratio: Ratio;
}

export interface VintageCurve {
  /** 放款月 the disbursement month. */
  cohort: Month;
  loans: number;
  disbursedFen: number;
  /** MOB 1 … up to the settings' maximum or the last month end in the data. */
  points: VintagePoint[];
}

/** One curve per disbursement month, oldest first. */
export function vintageCurves(
  loans: readonly DisbursedLoanRecord[],
  snapshots: readonly LoanMonthEnd[],
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): VintageCurve[] {
  const { dpdThreshold } = settings.vintage;
  const months = monthEndPositions(snapshots);
  const lastMonth = [...months.keys()].sort().at(-1);
  const cohorts = new Map<Month, DisbursedLoanRecord[]>();
  for (const loan of loans) {
    const cohort = monthOf(loan.disbursedOn);
    const list = cohorts.get(cohort);
    if (list) list.push(loan);
    else cohorts.set(cohort, [loan]);
  }
  const totals = [...cohorts.keys()].sort().map((cohort) => {
    const members = cohorts.get(cohort)!;
    return {
      cohort,
      loans: members.length,
      disbursedFen: members.reduce((sum, l) => sum + l.principalFen, 0),
    };
  });
  return vintageCurvesFromTotals(
    totals,
    (cohort, month) => {
      const positions = months.get(month);
      let badFen = 0;
      for (const loan of cohorts.get(cohort)!) {
        const p = positions?.get(loan.loanId);
        if (p && p.dpd >= dpdThreshold) badFen += p.principalFen;
      }
      return badFen;
    },
    lastMonth,
    settings,
  );
}

/**
 * The same from totals already aggregated (the server's rollups): each cohort's loans and
 * principal disbursed, the principal with DPD ≥ N at a month end (`badFenAt`), and the last
 * month end in the data.
 */
export function vintageCurvesFromTotals(
  cohorts: readonly { cohort: Month; loans: number; disbursedFen: number }[],
  badFenAt: (cohort: Month, month: Month) => number,
  lastMonth: Month | undefined,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): VintageCurve[] {
  const { maxMob } = settings.vintage;
  return [...cohorts]
    .sort((a, b) => (a.cohort < b.cohort ? -1 : a.cohort > b.cohort ? 1 : 0))
    .map(({ cohort, loans, disbursedFen }) => {
      const points: VintagePoint[] = [];
      for (let mob = 1; mob <= maxMob; mob += 1) {
        const month = addMonthsToMonth(cohort, mob);
        if (lastMonth === undefined || month > lastMonth) break;
        points.push({
          mob,
          month,
          ratio: ratio(badFenAt(cohort, month), disbursedFen, settings.decimalPlaces),
        });
      }
      return { cohort, loans, disbursedFen, points };
    });
}
