import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/business-date.js';
import { fen } from '../money/money.js';
import { type AccrualState, accrueRange, type DayFacts, INITIAL_ACCRUAL_STATE } from './accrual.js';
import { type ChargeTerms, ChargeTermsSchema } from './charge-terms.js';
import { capRateFor } from './cost-cap.js';
import { explainCharges } from './explain.js';
import { SAMPLE_LPR_TABLE } from './lpr.js';

const terms: ChargeTerms = ChargeTermsSchema.parse({ annualRate: '0.18' });
const roomy: AccrualState = {
  ...INITIAL_ACCRUAL_STATE,
  principalDays: 1_000_000 * 365,
  contractInterestFen: fen(0),
};

function days(
  from: string,
  n: number,
  overduePrincipalFen: number,
  extra: Partial<DayFacts> = {},
): DayFacts[] {
  return Array.from({ length: n }, (_, i) => ({
    date: addDays(from, i),
    outstandingPrincipalFen: fen(1_000_000),
    overduePrincipalFen: fen(overduePrincipalFen),
    overdueInterestFen: fen(0),
    newlyOverdueInstallments: [],
    ...extra,
  }));
}

describe('explainCharges', () => {
  it('groups 15 days on the same overdue principal into one line a debtor can check, in both languages', () => {
    const run = accrueRange(roomy, days('2026-10-02', 15, 100_000), terms, '0.24');
    const e = explainCharges({ days: run.days, terms, capRate: '0.24' });
    expect(e.penalty).toEqual([
      {
        formula: 'penalty_daily',
        from: '2026-10-02',
        to: '2026-10-16',
        days: 15,
        baseFen: 100_000,
        annualRate: '0.18',
        multiplier: '1.5',
        basisDays: 360,
        rounding: 'half-up',
        dailyFen: 75,
        subtotalFen: 1_125,
        chargedFen: 1_125,
        capApplied: false,
      },
    ]);
    expect(e.text['zh-CN']).toEqual([
      '罚息:',
      '2026-10-02 至 2026-10-16,共 15 天:逾期本金 ¥1,000.00 × 年利率 18% × 1.5 ÷ 360 = 每日 ¥0.75(四舍五入到分),小计 ¥11.25',
      '未超过综合年化成本上限 24%',
      '合计:罚息 ¥11.25,共计 ¥11.25',
    ]);
    expect(e.text['en-US']).toEqual([
      'Penalty interest:',
      '2026-10-02 to 2026-10-16, 15 days: overdue principal ¥1,000.00 × annual rate 18% × 1.5 ÷ 360 = ¥0.75 a day (rounded half-up to the fen), subtotal ¥11.25',
      'Within the all-in annualized cost cap of 24%',
      'Total: penalty interest ¥11.25; altogether ¥11.25',
    ]);
    expect(e.totals.penaltyFen).toBe(run.state.accruedPenaltyFen);
  });

  it('starts a new line when a partial payment lowers the overdue principal', () => {
    // 5 days on ¥1,000.00 (¥0.75/day), then 3 days on ¥600.00 (¥0.45/day).
    const facts = [...days('2026-10-02', 5, 100_000), ...days('2026-10-07', 3, 60_000)];
    const run = accrueRange(roomy, facts, terms, '0.24');
    const e = explainCharges({ days: run.days, terms, capRate: '0.24' });
    expect(e.penalty.map((g) => [g.from, g.to, g.dailyFen, g.subtotalFen])).toEqual([
      ['2026-10-02', '2026-10-06', 75, 375],
      ['2026-10-07', '2026-10-09', 45, 135],
    ]);
    expect(e.totals.penaltyFen).toBe(510);
  });

  it('states what the cap withheld when it bites mid-range (the accrual test example: ¥5.48 from 2026-11-25)', () => {
    const state: AccrualState = { ...roomy, contractInterestFen: fen(235_000) };
    const run = accrueRange(state, days('2026-10-02', 60, 1_000_000), terms, '0.24');
    const e = explainCharges({ days: run.days, terms, capRate: '0.24' });
    expect(e.penalty.map((g) => [g.from, g.to, g.days, g.subtotalFen, g.chargedFen, g.capApplied])).toEqual([
      ['2026-10-02', '2026-11-24', 54, 40_500, 40_500, false],
      ['2026-11-25', '2026-11-30', 6, 4_500, 3_952, true],
    ]);
    expect(e.cap).toMatchObject({
      applied: true,
      cutFen: 548,
      firstCappedOn: '2026-11-25',
      lastCappedOn: '2026-11-30',
    });
    expect(e.text['zh-CN']).toContain(
      '已达综合年化成本上限 24%,超出部分 ¥5.48 不计收(2026-11-25 至 2026-11-30)',
    );
    expect(e.text['zh-CN'][2]).toMatch(/小计 ¥45\.00;受综合成本上限限制,实收 ¥39\.52$/);
    expect(e.text['en-US']).toContain(
      'All-in annualized cost cap of 24% reached: the excess of ¥5.48 is not charged (2026-11-25 to 2026-11-30)',
    );
    expect(e.totals).toEqual({
      penaltyFen: 44_452,
      compoundFen: 0,
      feesFen: 0,
      chargedFen: 44_452,
      beforeCapFen: 45_000,
      cutFen: 548,
    });
  });

  it('itemizes compound interest and late fees and names a 4 × LPR cap', () => {
    const t: ChargeTerms = {
      ...terms,
      compoundOverdueInterest: true,
      lateFee: { kind: 'percent_of_overdue_installment', rate: '0.05', minFen: fen(1_000) },
      costCap: { kind: 'lpr_multiple', multiple: '4' },
    };
    const capRate = capRateFor(t, '2021-06-01', SAMPLE_LPR_TABLE); // 4 × 3.85% = 15.4%
    const facts = days('2026-10-02', 2, 100_000, { overdueInterestFen: fen(50_000) });
    facts[0] = { ...facts[0]!, newlyOverdueInstallments: [{ seq: 3, overdueFen: fen(150_000) }] };
    const run = accrueRange(roomy, facts, t, capRate);
    const e = explainCharges({ days: run.days, terms: t, capRate });
    expect(e.text['zh-CN']).toEqual([
      '罚息:',
      '2026-10-02 至 2026-10-03,共 2 天:逾期本金 ¥1,000.00 × 年利率 18% × 1.5 ÷ 360 = 每日 ¥0.75(四舍五入到分),小计 ¥1.50',
      '复利(逾期利息按罚息利率计收):',
      '2026-10-02 至 2026-10-03,共 2 天:逾期利息 ¥500.00 × 年利率 18% × 1.5 ÷ 360 = 每日 ¥0.38(四舍五入到分),小计 ¥0.76',
      '滞纳金:',
      '2026-10-02 第 3 期逾期超过宽限期:逾期金额 ¥1,500.00 × 5%(最低 ¥10.00) = 滞纳金 ¥75.00',
      '未超过综合年化成本上限 15.4%(4 × 合同日一年期 LPR 3.85%)',
      '合计:罚息 ¥1.50,复利 ¥0.76,滞纳金 ¥75.00,共计 ¥77.26',
    ]);
    expect(e.text['en-US'][5]).toBe(
      '2026-10-02 installment 3 overdue past the grace period: overdue amount ¥1,500.00 × 5% (at least ¥10.00) = late fee ¥75.00',
    );
    expect(e.cap.lprOneYear).toBe('0.0385');
    expect(e.fees[0]).toMatchObject({ formula: 'late_fee_percent', installmentSeq: 3, chargedFen: 7_500 });
  });

  it('always reconciles: subtotals − withheld = charged = what the accrual state holds', () => {
    const arb = fc.array(
      fc.record({
        overdue: fc.constantFrom(0, 100_000, 600_000, 1_000_000),
        n: fc.integer({ min: 1, max: 20 }),
      }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 245_000 }), (segments, contract) => {
        const facts: DayFacts[] = [];
        for (const s of segments) facts.push(...days(addDays('2026-10-02', facts.length), s.n, s.overdue));
        const state = { ...roomy, contractInterestFen: fen(contract) };
        const run = accrueRange(state, facts, terms, '0.24');
        const e = explainCharges({ days: run.days, terms, capRate: '0.24' });
        expect(e.totals.beforeCapFen - e.totals.cutFen).toBe(e.totals.chargedFen);
        expect(e.totals.penaltyFen).toBe(run.state.accruedPenaltyFen);
        expect(e.penalty.reduce((s, g) => s + g.days, 0)).toBe(
          facts.filter((f) => f.overduePrincipalFen > 0).length,
        );
        for (const g of e.penalty) if (!g.capApplied) expect(g.subtotalFen).toBe(g.dailyFen * g.days);
      }),
      { numRuns: 150 },
    );
  });
});
