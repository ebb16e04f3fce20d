/**
 * 费用明细说明 an itemized, bilingual explanation of a loan's penalty, compound interest, late
 * fees and cost cap that a debtor can check by hand. It is built from the day lines that
 * accrueRange produced — the explanation is the computation, not a re-derivation — and from
 * the terms and cap rate that produced them (pass the same ones).
 *
 * Consecutive days with the same base and the same cap status become one line:
 * "2026-10-02 至 2026-10-16,共 15 天:逾期本金 ¥1,000.00 × 年利率 18% × 1.5 ÷ 360 = 每日 ¥0.75
 * (四舍五入到分),小计 ¥11.25". Subtotals are before the cap; the cap line states what the cap
 * withheld, and the totals are what was charged: Σ subtotals − withheld = charged.
 */
import { Decimal } from 'decimal.js';
import { addDays, type BusinessDate } from '../calendar/business-date.js';
import type { Locale } from '../errors/error-codes.js';
import { type Fen, fen, formatCny, type Rate, type RoundingMode } from '../money/money.js';
import type { DayAccrual } from './accrual.js';
import type { ChargeTerms, CostCapRule } from './charge-terms.js';
import { basisDays } from './penalty-interest.js';

/** The formula behind an explanation item. */
export type ChargeFormulaId =
  | 'penalty_daily'
  | 'compound_daily'
  | 'late_fee_flat'
  | 'late_fee_percent'
  | 'cost_cap';

/** A run of consecutive days charged the same daily amount on the same base. */
export interface DailyChargeGroup {
  formula: 'penalty_daily' | 'compound_daily';
  from: BusinessDate;
  to: BusinessDate;
  days: number;
  baseFen: Fen; // overdue principal (penalty) or overdue interest (compound)
  annualRate: Rate;
  multiplier: Rate;
  basisDays: 360 | 365;
  rounding: RoundingMode;
  dailyFen: Fen; // the formula's daily amount, rounded
  subtotalFen: Fen; // dailyFen × days, before the cap
  chargedFen: Fen; // after the cap
  capApplied: boolean; // the cap withheld part of every day in the run
}

/** One late fee. */
export interface LateFeeItem {
  formula: 'late_fee_flat' | 'late_fee_percent';
  date: BusinessDate;
  installmentSeq: number;
  baseFen: Fen; // the installment's overdue amount
  rate: Rate | null; // percent rule only
  minFen: Fen | null;
  maxFen: Fen | null;
  amountFen: Fen; // by the rule, before the cap
  chargedFen: Fen;
  capApplied: boolean;
}

/** The cost cap over the explained days. */
export interface CostCapItem {
  formula: 'cost_cap';
  capRate: Rate;
  rule: CostCapRule;
  lprOneYear: Rate | null; // the LPR behind an lpr_multiple cap
  applied: boolean;
  cutFen: Fen; // withheld in total
  firstCappedOn: BusinessDate | null;
  lastCappedOn: BusinessDate | null;
}

/** 费用明细 the structured explanation and its text in both locales. */
export interface ChargeExplanation {
  penalty: DailyChargeGroup[];
  compound: DailyChargeGroup[];
  fees: LateFeeItem[];
  cap: CostCapItem;
  totals: {
    penaltyFen: Fen; // charged
    compoundFen: Fen;
    feesFen: Fen;
    chargedFen: Fen; // penalty + compound + fees charged
    beforeCapFen: Fen; // what the formulas gave
    cutFen: Fen; // beforeCap − charged
  };
  text: Record<Locale, string[]>;
}

/** 费用明细说明 explains accrued charges line by line in zh-CN and en-US, from accrueRange's day lines. */
export function explainCharges(input: {
  days: readonly DayAccrual[];
  terms: ChargeTerms;
  capRate: Rate;
}): ChargeExplanation {
  const { days, terms, capRate } = input;
  const penalty = groupDaily(days, 'penalty', terms);
  const compound = groupDaily(days, 'compound', terms);
  const fees = feeItems(days, terms);

  let cut = 0;
  let firstCappedOn: BusinessDate | null = null;
  let lastCappedOn: BusinessDate | null = null;
  for (const d of days) {
    if (d.cap.cutFen === 0) continue;
    cut += d.cap.cutFen;
    firstCappedOn ??= d.date;
    lastCappedOn = d.date;
  }
  const rule = terms.costCap;
  const lprOneYear =
    rule.kind === 'lpr_multiple' ? new Decimal(capRate).dividedBy(rule.multiple).toFixed() : null;
  const cap: CostCapItem = {
    formula: 'cost_cap',
    capRate,
    rule,
    lprOneYear,
    applied: cut > 0,
    cutFen: fen(cut),
    firstCappedOn,
    lastCappedOn,
  };

  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const penaltyFen = fen(sum(penalty.map((g) => g.chargedFen)));
  const compoundFen = fen(sum(compound.map((g) => g.chargedFen)));
  const feesFen = fen(sum(fees.map((f) => f.chargedFen)));
  const beforeCap =
    sum([...penalty, ...compound].map((g) => g.subtotalFen)) + sum(fees.map((f) => f.amountFen));
  const chargedFen = fen(penaltyFen + compoundFen + feesFen);
  const totals = {
    penaltyFen,
    compoundFen,
    feesFen,
    chargedFen,
    beforeCapFen: fen(beforeCap),
    cutFen: fen(beforeCap - chargedFen),
  };
  // The day-level cap checks and the line-level amounts are two records of one computation.
  if (totals.cutFen !== cap.cutFen) {
    throw new RangeError(
      `day lines are inconsistent: lines withhold ${totals.cutFen}, cap checks ${cap.cutFen}`,
    );
  }

  const showCompound = terms.compoundOverdueInterest || compound.length > 0;
  const showFees = terms.lateFee.kind !== 'none' || fees.length > 0;
  return {
    penalty,
    compound,
    fees,
    cap,
    totals,
    text: {
      'zh-CN': render('zh-CN', { penalty, compound, fees, cap, totals, showCompound, showFees }),
      'en-US': render('en-US', { penalty, compound, fees, cap, totals, showCompound, showFees }),
    },
  };
}

function groupDaily(
  days: readonly DayAccrual[],
  kind: 'penalty' | 'compound',
  terms: ChargeTerms,
): DailyChargeGroup[] {
  const groups: DailyChargeGroup[] = [];
  for (const d of days) {
    for (const line of d.lines) {
      if (line.kind !== kind) continue;
      const capApplied = line.amountFen < line.proposedFen;
      const last = groups.at(-1);
      // Extend the run only when nothing a reader would see changes: next day, same base,
      // same daily amount, same cap status.
      if (
        last &&
        addDays(last.to, 1) === line.date &&
        last.baseFen === line.baseFen &&
        last.dailyFen === line.proposedFen &&
        last.capApplied === capApplied
      ) {
        last.to = line.date;
        last.days += 1;
        last.subtotalFen = fen(last.subtotalFen + line.proposedFen);
        last.chargedFen = fen(last.chargedFen + line.amountFen);
        continue;
      }
      groups.push({
        formula: kind === 'penalty' ? 'penalty_daily' : 'compound_daily',
        from: line.date,
        to: line.date,
        days: 1,
        baseFen: line.baseFen,
        annualRate: terms.annualRate,
        multiplier: terms.penaltyRateMultiplier,
        basisDays: basisDays(terms.dayCountBasis),
        rounding: terms.rounding,
        dailyFen: line.proposedFen,
        subtotalFen: line.proposedFen,
        chargedFen: line.amountFen,
        capApplied,
      });
    }
  }
  return groups;
}

function feeItems(days: readonly DayAccrual[], terms: ChargeTerms): LateFeeItem[] {
  const rule = terms.lateFee;
  const items: LateFeeItem[] = [];
  for (const d of days) {
    for (const line of d.lines) {
      if (line.kind !== 'late_fee') continue;
      if (rule.kind === 'none')
        throw new RangeError('late fee lines given, but the terms charge no late fee');
      const percent = rule.kind === 'percent_of_overdue_installment';
      items.push({
        formula: percent ? 'late_fee_percent' : 'late_fee_flat',
        date: line.date,
        installmentSeq: line.installmentSeq ?? 0,
        baseFen: line.baseFen,
        rate: percent ? rule.rate : null,
        minFen: percent ? (rule.minFen ?? null) : null,
        maxFen: percent ? (rule.maxFen ?? null) : null,
        amountFen: line.proposedFen,
        chargedFen: line.amountFen,
        capApplied: line.amountFen < line.proposedFen,
      });
    }
  }
  return items;
}

// --- text ---------------------------------------------------------------------------------

const ROUNDING_TEXT: Record<RoundingMode, Record<Locale, string>> = {
  'half-up': { 'zh-CN': '四舍五入到分', 'en-US': 'rounded half-up to the fen' },
  'half-even': { 'zh-CN': '银行家舍入到分', 'en-US': 'rounded half-to-even to the fen' },
  down: { 'zh-CN': '舍去到分', 'en-US': 'rounded down to the fen' },
  up: { 'zh-CN': '进位到分', 'en-US': 'rounded up to the fen' },
};

// "0.18" → "18%", "0.0385" → "3.85%": exact, no float.
function pct(rate: Rate): string {
  return `${new Decimal(rate).times(100).toFixed()}%`;
}

function plain(rate: Rate): string {
  return new Decimal(rate).toFixed();
}

function range(locale: Locale, from: BusinessDate, to: BusinessDate, days: number): string {
  if (locale === 'zh-CN') return from === to ? `${from},共 1 天` : `${from} 至 ${to},共 ${days} 天`;
  return from === to ? `${from}, 1 day` : `${from} to ${to}, ${days} days`;
}

function capDescription(locale: Locale, cap: CostCapItem): string {
  if (cap.rule.kind === 'fixed' || cap.lprOneYear === null) return pct(cap.capRate);
  const multiple = plain(cap.rule.multiple);
  return locale === 'zh-CN'
    ? `${pct(cap.capRate)}(${multiple} × 合同日一年期 LPR ${pct(cap.lprOneYear)})`
    : `${pct(cap.capRate)} (${multiple} × the one-year LPR of ${pct(cap.lprOneYear)} at the contract date)`;
}

function dailyLine(locale: Locale, g: DailyChargeGroup): string {
  const when = range(locale, g.from, g.to, g.days);
  const rounding = ROUNDING_TEXT[g.rounding][locale];
  if (locale === 'zh-CN') {
    const base = g.formula === 'penalty_daily' ? '逾期本金' : '逾期利息';
    const capped = g.capApplied ? `;受综合成本上限限制,实收 ${formatCny(g.chargedFen)}` : '';
    return (
      `${when}:${base} ${formatCny(g.baseFen)} × 年利率 ${pct(g.annualRate)} × ${plain(g.multiplier)} ÷ ` +
      `${g.basisDays} = 每日 ${formatCny(g.dailyFen)}(${rounding}),小计 ${formatCny(g.subtotalFen)}${capped}`
    );
  }
  const base = g.formula === 'penalty_daily' ? 'overdue principal' : 'overdue interest';
  const capped = g.capApplied ? `; limited by the cost cap, charged ${formatCny(g.chargedFen)}` : '';
  return (
    `${when}: ${base} ${formatCny(g.baseFen)} × annual rate ${pct(g.annualRate)} × ${plain(g.multiplier)} ÷ ` +
    `${g.basisDays} = ${formatCny(g.dailyFen)} a day (${rounding}), subtotal ${formatCny(g.subtotalFen)}${capped}`
  );
}

function feeLine(locale: Locale, f: LateFeeItem): string {
  const zh = locale === 'zh-CN';
  let rule: string;
  if (f.formula === 'late_fee_flat') {
    rule = zh
      ? `滞纳金 ${formatCny(f.amountFen)}(每期固定)`
      : `late fee ${formatCny(f.amountFen)} (flat per installment)`;
  } else {
    const bounds: string[] = [];
    if (f.minFen !== null)
      bounds.push(zh ? `最低 ${formatCny(f.minFen)}` : `at least ${formatCny(f.minFen)}`);
    if (f.maxFen !== null) bounds.push(zh ? `最高 ${formatCny(f.maxFen)}` : `at most ${formatCny(f.maxFen)}`);
    const rate = pct(f.rate ?? '0');
    rule = zh
      ? `逾期金额 ${formatCny(f.baseFen)} × ${rate}${bounds.length ? `(${bounds.join(',')})` : ''} = 滞纳金 ${formatCny(f.amountFen)}`
      : `overdue amount ${formatCny(f.baseFen)} × ${rate}${bounds.length ? ` (${bounds.join(', ')})` : ''} = late fee ${formatCny(f.amountFen)}`;
  }
  const capped = f.capApplied
    ? zh
      ? `;受综合成本上限限制,实收 ${formatCny(f.chargedFen)}`
      : `; limited by the cost cap, charged ${formatCny(f.chargedFen)}`
    : '';
  return zh
    ? `${f.date} 第 ${f.installmentSeq} 期逾期超过宽限期:${rule}${capped}`
    : `${f.date} installment ${f.installmentSeq} overdue past the grace period: ${rule}${capped}`;
}

function render(
  locale: Locale,
  x: {
    penalty: DailyChargeGroup[];
    compound: DailyChargeGroup[];
    fees: LateFeeItem[];
    cap: CostCapItem;
    totals: ChargeExplanation['totals'];
    showCompound: boolean;
    showFees: boolean;
  },
): string[] {
  const zh = locale === 'zh-CN';
  const out: string[] = [];
  if (x.penalty.length > 0) {
    out.push(zh ? '罚息:' : 'Penalty interest:');
    for (const g of x.penalty) out.push(dailyLine(locale, g));
  }
  if (x.compound.length > 0) {
    out.push(
      zh ? '复利(逾期利息按罚息利率计收):' : 'Compound interest (on overdue interest, at the penalty rate):',
    );
    for (const g of x.compound) out.push(dailyLine(locale, g));
  }
  if (x.fees.length > 0) {
    out.push(zh ? '滞纳金:' : 'Late fees:');
    for (const f of x.fees) out.push(feeLine(locale, f));
  }
  const capDesc = capDescription(locale, x.cap);
  if (x.cap.applied) {
    const span =
      x.cap.firstCappedOn === x.cap.lastCappedOn
        ? `${x.cap.firstCappedOn}`
        : zh
          ? `${x.cap.firstCappedOn} 至 ${x.cap.lastCappedOn}`
          : `${x.cap.firstCappedOn} to ${x.cap.lastCappedOn}`;
    out.push(
      zh
        ? `已达综合年化成本上限 ${capDesc},超出部分 ${formatCny(x.cap.cutFen)} 不计收(${span})`
        : `All-in annualized cost cap of ${capDesc} reached: the excess of ${formatCny(x.cap.cutFen)} is not charged (${span})`,
    );
  } else {
    out.push(
      zh ? `未超过综合年化成本上限 ${capDesc}` : `Within the all-in annualized cost cap of ${capDesc}`,
    );
  }
  const parts = [
    zh ? `罚息 ${formatCny(x.totals.penaltyFen)}` : `penalty interest ${formatCny(x.totals.penaltyFen)}`,
  ];
  if (x.showCompound) {
    parts.push(
      zh ? `复利 ${formatCny(x.totals.compoundFen)}` : `compound interest ${formatCny(x.totals.compoundFen)}`,
    );
  }
  if (x.showFees)
    parts.push(zh ? `滞纳金 ${formatCny(x.totals.feesFen)}` : `late fees ${formatCny(x.totals.feesFen)}`);
  out.push(
    zh
      ? `合计:${parts.join(',')},共计 ${formatCny(x.totals.chargedFen)}`
      : `Total: ${parts.join(', ')}; altogether ${formatCny(x.totals.chargedFen)}`,
  );
  return out;
}
