/**
 * 费用明细 how each fen a loan was charged for lateness was computed, for a debtor or a
 * collector to check by hand, plus what the loan owes now by component. The explanation is
 * the domain's explainCharges fed with day lines rebuilt from the daily snapshots (loan_daily);
 * only what the snapshots determine exactly is explained (see docs/payments.md).
 */
import {
  addDays,
  type BusinessDate,
  type ChargeExplanation,
  type ChargeTerms,
  CodedError,
  capRateFor,
  costCapFen,
  type DayAccrual,
  dailyCompoundInterest,
  dailyPenaltyInterest,
  explainCharges,
  type Fen,
  fen,
  formatCny,
  type Locale,
  type LprTable,
  type Rate,
} from '@huikuan/domain';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { chargeTermsOfRow } from '../portfolio/charge-terms.mapper.js';
import type { SystemService } from '../system/system.service.js';
import type { LoanDailyChargeRow, PaymentInstallmentRow } from './payments.repository.js';

/** Amounts of one component across the loan's installments. */
export interface ComponentBalance {
  dueFen: number;
  paidFen: number;
  outstandingFen: number;
  overdueFen: number; // outstanding on installments due before the business date
}

export interface LoanBalancesView {
  asOf: string;
  principal: ComponentBalance;
  interest: ComponentBalance;
  fees: ComponentBalance; // scheduled fees and late fees (滞纳金)
  penalty: ComponentBalance; // 罚息
  compound: ComponentBalance; // 复利
  totalOutstandingFen: number;
  totalOverdueFen: number;
  creditBalanceFen: number; // 溢缴款 held for the borrower
}

/** A day on which the daily run charged late fees (their bases are not stored: see notes). */
export interface LateFeeDayView {
  date: string;
  chargedFen: number;
  installmentSeqs: number[]; // installments whose fee day it was and that carry a late fee
}

/** A snapshot day whose charges the stored facts do not reproduce under the current terms. */
export interface UnexplainedDayView {
  date: string;
  penaltyFen: number;
  compoundFen: number;
  reason: 'terms_changed';
}

export interface LoanChargesView {
  loanRef: string;
  loanStatus: string;
  businessDate: string;
  terms: ChargeTerms & { capRate: Rate };
  coverage: { from: string | null; to: string | null; snapshotDays: number; explainedDays: number };
  explanation: ChargeExplanation; // penalty and compound interest, day by day (exact)
  lateFees: { items: LateFeeDayView[]; totalFen: number; text: Record<Locale, string[]> };
  unexplainedDays: UnexplainedDayView[];
  reconciliation: {
    penaltyChargedFen: number; // Σ 罚息 on the installments (penalty_due_fen)
    penaltyInSnapshotsFen: number; // Σ of the daily snapshots' penalty
    compoundChargedFen: number;
    compoundInSnapshotsFen: number;
    lateFeesInSnapshotsFen: number;
  };
  notes: Record<Locale, string[]>;
  balances: LoanBalancesView;
}

/**
 * Rebuilds the day lines of accrueDay from the daily snapshots. Per day a snapshot holds the
 * penalty base (overdue principal at the start of the day), the compound base (overdue
 * interest), what was charged of each, the cumulative principal-days and whether the cap cut
 * anything. The formula's amount before the cap is the domain formula on the stored base; a
 * day that was not capped must have charged exactly that, else the terms have changed since
 * and the day is left unexplained rather than explained wrongly.
 */
export function dayLinesFromSnapshots(input: {
  snapshots: readonly LoanDailyChargeRow[];
  installments: readonly Pick<PaymentInstallmentRow, 'due_on' | 'interest_due_fen'>[];
  terms: ChargeTerms;
  capRate: Rate;
}): { days: DayAccrual[]; unexplained: UnexplainedDayView[]; cappedOnFeesOnly: string[] } {
  const { terms, capRate } = input;
  const days: DayAccrual[] = [];
  const unexplained: UnexplainedDayView[] = [];
  const cappedOnFeesOnly: string[] = [];
  for (const s of input.snapshots) {
    const date = s.as_of;
    const lines: DayAccrual['lines'] = [];
    let consistent = true;
    const add = (kind: 'penalty' | 'compound', baseFen: number, proposedFen: Fen, amountFen: number) => {
      if (amountFen > proposedFen || (!s.capped && amountFen !== proposedFen)) consistent = false;
      lines.push({
        date,
        kind,
        installmentSeq: null,
        baseFen: fen(baseFen),
        proposedFen,
        amountFen: fen(amountFen),
      });
    };
    // accrueDay writes a penalty line whenever there is overdue principal, and a compound line
    // when compounding is on and there is overdue interest.
    if (s.overdue_principal_fen > 0) {
      add(
        'penalty',
        s.overdue_principal_fen,
        dailyPenaltyInterest(fen(s.overdue_principal_fen), terms),
        s.penalty_accrued_today_fen,
      );
    } else if (s.penalty_accrued_today_fen !== 0) {
      consistent = false;
    }
    if (terms.compoundOverdueInterest && s.overdue_interest_fen > 0) {
      add(
        'compound',
        s.overdue_interest_fen,
        dailyCompoundInterest(fen(s.overdue_interest_fen), terms),
        s.compound_accrued_today_fen,
      );
    } else if (s.compound_accrued_today_fen !== 0) {
      consistent = false;
    }
    if (!consistent) {
      unexplained.push({
        date,
        penaltyFen: s.penalty_accrued_today_fen,
        compoundFen: s.compound_accrued_today_fen,
        reason: 'terms_changed',
      });
      continue;
    }
    const cutFen = lines.reduce((sum, l) => sum + (l.proposedFen - l.amountFen), 0);
    // The cap fills penalty, then compound, then fees: a capped day that cut neither cut fees.
    if (s.capped && cutFen === 0) cappedOnFeesOnly.push(date);
    if (lines.length === 0) continue;
    const contractInterestFen = input.installments
      .filter((i) => i.due_on <= date)
      .reduce((sum, i) => sum + i.interest_due_fen, 0);
    const chargedBefore =
      contractInterestFen +
      (s.accrued_penalty_fen - s.penalty_accrued_today_fen) +
      (s.accrued_compound_fen - s.compound_accrued_today_fen) +
      (s.accrued_fees_fen - s.fees_accrued_today_fen);
    days.push({
      date,
      lines,
      cap: {
        principalDays: s.principal_days,
        capFen: costCapFen(capRate, s.principal_days),
        chargedBeforeFen: fen(chargedBefore),
        cutFen: fen(cutFen),
        capped: s.capped,
      },
    });
  }
  return { days, unexplained, cappedOnFeesOnly };
}

function componentBalances(
  installments: readonly PaymentInstallmentRow[],
  asOf: BusinessDate,
): Omit<LoanBalancesView, 'asOf' | 'creditBalanceFen'> {
  const empty = (): ComponentBalance => ({ dueFen: 0, paidFen: 0, outstandingFen: 0, overdueFen: 0 });
  const out = {
    principal: empty(),
    interest: empty(),
    fees: empty(),
    penalty: empty(),
    compound: empty(),
    totalOutstandingFen: 0,
    totalOverdueFen: 0,
  };
  for (const i of installments) {
    const overdue = i.due_on < asOf;
    const parts: [ComponentBalance, number, number][] = [
      [out.principal, i.principal_due_fen, i.principal_paid_fen],
      [out.interest, i.interest_due_fen, i.interest_paid_fen],
      [out.fees, i.fee_due_fen, i.fee_paid_fen],
      [out.penalty, i.penalty_due_fen, i.penalty_paid_fen],
      [out.compound, i.compound_due_fen, i.compound_paid_fen],
    ];
    for (const [b, due, paid] of parts) {
      b.dueFen += due;
      b.paidFen += paid;
      b.outstandingFen += due - paid;
      // Penalty and compound interest are owed as soon as they accrue.
      if (overdue || b === out.penalty || b === out.compound) b.overdueFen += due - paid;
    }
  }
  for (const b of [out.principal, out.interest, out.fees, out.penalty, out.compound]) {
    out.totalOutstandingFen += b.outstandingFen;
    out.totalOverdueFen += b.overdueFen;
  }
  return out;
}

function lateFeeText(items: readonly LateFeeDayView[]): Record<Locale, string[]> {
  const zh: string[] = [];
  const en: string[] = [];
  for (const f of items) {
    const seqs = f.installmentSeqs;
    zh.push(
      `${f.date} ${seqs.length ? `第 ${seqs.join('、')} 期逾期超过宽限期,` : ''}计收滞纳金 ${formatCny(fen(f.chargedFen))}`,
    );
    en.push(
      `${f.date} ${seqs.length ? `installment ${seqs.join(', ')} overdue past the grace period: ` : ''}late fee charged ${formatCny(fen(f.chargedFen))}`,
    );
  }
  return { 'zh-CN': zh, 'en-US': en };
}

/** 费用明细 the charge explanation and balances of a loan. */
export class LoanChargesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly system: SystemService,
  ) {}

  async explain(loanRef: string): Promise<LoanChargesView> {
    const businessDate = await this.system.businessDate();
    const r = this.uow.repositories.payments;
    const loan = await r.findLoanByRef(loanRef);
    if (!loan) throw new CodedError('LOAN_NOT_FOUND', { ref: loanRef });
    const termsRow = (await r.chargeTermsOf(loan.id))!;
    const terms = chargeTermsOfRow(termsRow);
    const lprTable: LprTable | undefined =
      terms.costCap.kind === 'lpr_multiple' ? await r.lprTable() : undefined;
    const capRate = capRateFor(terms, loan.disbursed_on, lprTable);
    const [snapshots, installments] = await Promise.all([
      r.dailySnapshotsOf(loan.id),
      r.installmentsOf(loan.id),
    ]);

    const rebuilt = dayLinesFromSnapshots({ snapshots, installments, terms, capRate });
    // Late fees are listed by day, not fed to explainCharges: their bases are not stored.
    const explanation = explainCharges({
      days: rebuilt.days,
      terms: { ...terms, lateFee: { kind: 'none' } },
      capRate,
    });

    const lateFeeItems: LateFeeDayView[] = snapshots
      .filter((s) => s.fees_accrued_today_fen > 0)
      .map((s) => ({
        date: s.as_of,
        chargedFen: s.fees_accrued_today_fen,
        installmentSeqs: installments
          .filter((i) => i.late_fee_charged && addDays(i.due_on, terms.graceDays + 1) === s.as_of)
          .map((i) => i.seq),
      }));
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    const lateFeesTotal = sum(lateFeeItems.map((f) => f.chargedFen));

    const reconciliation = {
      penaltyChargedFen: sum(installments.map((i) => i.penalty_due_fen)),
      penaltyInSnapshotsFen: sum(snapshots.map((s) => s.penalty_accrued_today_fen)),
      compoundChargedFen: sum(installments.map((i) => i.compound_due_fen)),
      compoundInSnapshotsFen: sum(snapshots.map((s) => s.compound_accrued_today_fen)),
      lateFeesInSnapshotsFen: sum(snapshots.map((s) => s.fees_accrued_today_fen)),
    };
    const notes: Record<Locale, string[]> = { 'zh-CN': [], 'en-US': [] };
    const note = (zh: string, en: string) => {
      notes['zh-CN'].push(zh);
      notes['en-US'].push(en);
    };
    if (lateFeeItems.length > 0) {
      note(
        '滞纳金按计收日列示;其计费基数(该期当日逾期金额)未留存,故未逐项列出计算过程。',
        'Late fees are listed by the day they were charged; their bases (the installment overdue that day) are not stored, so their computation is not itemized.',
      );
    }
    if (rebuilt.cappedOnFeesOnly.length > 0) {
      note(
        `此外有 ${rebuilt.cappedOnFeesOnly.length} 天(${rebuilt.cappedOnFeesOnly[0]} 起)达到综合年化成本上限,上限扣减的是当日滞纳金(上文的上限说明只涉及罚息和复利),扣减金额未留存。`,
        `On ${rebuilt.cappedOnFeesOnly.length} day(s) (from ${rebuilt.cappedOnFeesOnly[0]}) the all-in cost cap was also reached and cut that day's late fees (the cap statement above covers penalty and compound interest only); the amount cut is not stored.`,
      );
    }
    if (rebuilt.unexplained.length > 0) {
      note(
        `${rebuilt.unexplained.length} 天的计收金额与现行产品参数不符(参数可能已修改),这些天仅列示计收金额。`,
        `On ${rebuilt.unexplained.length} day(s) the amounts charged do not match the product's current terms (they may have changed); those days show only what was charged.`,
      );
    }
    const beforeSnapshotsPenalty = reconciliation.penaltyChargedFen - reconciliation.penaltyInSnapshotsFen;
    const beforeSnapshotsCompound = reconciliation.compoundChargedFen - reconciliation.compoundInSnapshotsFen;
    if (beforeSnapshotsPenalty !== 0 || beforeSnapshotsCompound !== 0) {
      note(
        `罚息 ${formatCny(fen(beforeSnapshotsPenalty))}、复利 ${formatCny(fen(beforeSnapshotsCompound))} 不是本系统日终计提的(如随贷款导入),无法逐日说明。`,
        `Penalty interest of ${formatCny(fen(beforeSnapshotsPenalty))} and compound interest of ${formatCny(fen(beforeSnapshotsCompound))} were not accrued by this system's daily run (e.g. imported with the loan) and cannot be explained day by day.`,
      );
    }

    return {
      loanRef: loan.source_ref,
      loanStatus: loan.status,
      businessDate,
      terms: { ...terms, capRate },
      coverage: {
        from: snapshots[0]?.as_of ?? null,
        to: snapshots.at(-1)?.as_of ?? null,
        snapshotDays: snapshots.length,
        explainedDays: rebuilt.days.length,
      },
      explanation,
      lateFees: { items: lateFeeItems, totalFen: lateFeesTotal, text: lateFeeText(lateFeeItems) },
      unexplainedDays: rebuilt.unexplained,
      reconciliation,
      notes,
      balances: {
        asOf: businessDate,
        ...componentBalances(installments, businessDate),
        creditBalanceFen: loan.credit_balance_fen,
      },
    };
  }
}
