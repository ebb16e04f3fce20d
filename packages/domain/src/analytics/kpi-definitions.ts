/**
 * 指标定义 each KPI as data: its names, its formula as GLOSSARY.md words it (en-US verbatim,
 * zh-CN its translation) — the text a dashboard shows beside the chart —, what its numerator and
 * denominator count, the settings that change it, and the dimensions it can be broken down by.
 */
import { CodedError, type Locale } from '../errors/error-codes.js';
import type { AnalyticsSettings } from './analytics-settings.js';
import { ANALYTICS_DIMENSIONS, type AnalyticsDimension } from './dimensions.js';

export const KPI_IDS = [
  'entry-rate',
  'flow-rate',
  'collection-multiplier',
  'roll-rate',
  'cure-rate',
  'recovery-rate',
  'vintage',
  'ptp-rate',
  'kept-rate',
  'broken-promises',
  'contact-rate',
  'coverage',
  'penetration',
  'amount-collected',
] as const;
export type KpiId = (typeof KPI_IDS)[number];

/** A settings path a KPI depends on: 'buckets', 'entry.mode', … */
export type AnalyticsSettingPath =
  | 'buckets'
  | 'flow.basis'
  | 'flow.multiplierTo'
  | 'rollRate.observationMonths'
  | 'rollRate.performanceMonths'
  | 'rollRate.basis'
  | 'cure.reasons'
  | 'entry.mode'
  | 'entry.basis'
  | 'entry.graceDays'
  | 'entry.denominator'
  | 'recovery.basis'
  | 'recovery.settledReasons'
  | 'vintage.dpdThreshold'
  | 'vintage.maxMob'
  | 'promises.partlyKeptCountsAsKept'
  | 'contact.attemptChannels';

type Text = Readonly<Record<Locale, string>>;

export interface KpiDefinition {
  id: KpiId;
  name: Text;
  /** The formula as GLOSSARY.md defines it (en-US verbatim). */
  formula: Text;
  /** False for a KPI GLOSSARY.md has no formula for (amount collected): its formula is ours. */
  inGlossary: boolean;
  numerator: Text;
  /** Null for an amount or a count rather than a ratio. */
  denominator: Text | null;
  /** How the formula is read where GLOSSARY.md leaves a choice open. */
  reading: Text;
  unit: 'ratio' | 'fen' | 'count';
  /** The settings that change the figure. */
  settings: readonly AnalyticsSettingPath[];
  /** The dimensions it can be broken down by. */
  dimensions: readonly AnalyticsDimension[];
  /** The domain function computing it. */
  computedBy: string;
}

const LOAN_DIMENSIONS: readonly AnalyticsDimension[] = ['product', 'region'];
const ALL_DIMENSIONS: readonly AnalyticsDimension[] = ANALYTICS_DIMENSIONS;

export const KPI_DEFINITIONS: readonly KpiDefinition[] = Object.freeze([
  {
    id: 'entry-rate',
    name: { 'zh-CN': '入催率', 'en-US': 'Entry rate' },
    formula: {
      'zh-CN':
        '入催率 = 统计期内新入催金额(或笔数)÷ 统计期内到期应还金额(或笔数)。首日入催:D+1 日仍未还 ÷ 当日到期应还。',
      'en-US':
        'Entry rate 入催率 = amount (or count) newly entering collection in the period ÷ amount (or count) falling due in the period. First-day entry: D+1 still unpaid ÷ due that day.',
    },
    inGlossary: true,
    numerator: {
      'zh-CN': '到期后(宽限期满)仍未还清的应还金额(或期数),不含到期日已在催的贷款',
      'en-US': 'What is still unpaid after the due date (and grace days), of loans not already in collection',
    },
    denominator: {
      'zh-CN': '统计期内到期的应还金额(或期数)',
      'en-US': 'The amount (or installments) falling due in the period',
    },
    reading: {
      'zh-CN': '首日口径按到期日归期;期间口径按入催日(D+1+宽限天数)归期',
      'en-US':
        'First-day entry counts an entry in its due date’s period; period entry in its entry day’s (D+1+grace)',
    },
    unit: 'ratio',
    settings: ['entry.mode', 'entry.basis', 'entry.graceDays', 'entry.denominator'],
    dimensions: LOAN_DIMENSIONS,
    computedBy: 'entryRates',
  },
  {
    id: 'flow-rate',
    name: { 'zh-CN': '迁徙率', 'en-US': 'Flow rate' },
    formula: {
      'zh-CN': '迁徙率 M(n)→M(n+1) = 本月末 M(n+1) 余额 ÷ 上月末 M(n) 余额。',
      'en-US':
        'Flow rate 迁徙率 M(n)→M(n+1) = balance in M(n+1) at this month end ÷ balance in M(n) at last month end.',
    },
    inGlossary: true,
    numerator: {
      'zh-CN': '本月末 M(n+1) 的未偿本金',
      'en-US': 'Outstanding principal in M(n+1) at this month end',
    },
    denominator: {
      'zh-CN': '上月末 M(n) 的未偿本金',
      'en-US': 'Outstanding principal in M(n) at last month end',
    },
    reading: {
      'zh-CN': '余额为未偿本金;按笔数口径时为贷款笔数',
      'en-US': 'Balance is outstanding principal; on the count basis, the number of loans',
    },
    unit: 'ratio',
    settings: ['buckets', 'flow.basis'],
    dimensions: LOAN_DIMENSIONS,
    computedBy: 'flowRates',
  },
  {
    id: 'collection-multiplier',
    name: { 'zh-CN': '催收乘数', 'en-US': 'Collection multiplier' },
    formula: {
      'zh-CN': '催收乘数 = 逐级迁徙率的乘积。',
      'en-US': 'Collection multiplier = product of successive flow rates.',
    },
    inGlossary: true,
    numerator: { 'zh-CN': '各级迁徙率分子之积', 'en-US': 'The product of the flow rates’ numerators' },
    denominator: { 'zh-CN': '各级迁徙率分母之积', 'en-US': 'The product of the flow rates’ denominators' },
    reading: {
      'zh-CN': '同一月份从第一个逾期阶段起,逐级乘至设定的目标阶段(默认最后一级)',
      'en-US': 'One month’s flow rates from the first bucket up to the target bucket (the last by default)',
    },
    unit: 'ratio',
    settings: ['buckets', 'flow.basis', 'flow.multiplierTo'],
    dimensions: LOAN_DIMENSIONS,
    computedBy: 'flowRates',
  },
  {
    id: 'roll-rate',
    name: { 'zh-CN': '滚动率矩阵', 'en-US': 'Roll-rate matrix' },
    formula: {
      'zh-CN': '滚动率矩阵 = P(表现期内最差逾期阶段 = j | 观察期内最差逾期阶段 = i)。',
      'en-US':
        'Roll-rate matrix = P(worst bucket in performance window = j | worst bucket in observation window = i).',
    },
    inGlossary: true,
    numerator: {
      'zh-CN': '观察期最差为 i 且表现期最差为 j 的贷款笔数(或观察点余额)',
      'en-US':
        'Loans (or their balance at the observation point) worst in i when observed and worst in j after',
    },
    denominator: {
      'zh-CN': '观察期最差为 i 的贷款笔数(或观察点余额)',
      'en-US': 'Loans (or their balance at the observation point) worst in i when observed',
    },
    reading: {
      'zh-CN': '按月末逾期天数取最差阶段;表现期内无快照的贷款单列,不计入矩阵',
      'en-US':
        'Worst bucket from month-end DPD; loans with no snapshot in the performance window are counted apart',
    },
    unit: 'ratio',
    settings: ['buckets', 'rollRate.observationMonths', 'rollRate.performanceMonths', 'rollRate.basis'],
    dimensions: LOAN_DIMENSIONS,
    computedBy: 'rollRateMatrix',
  },
  {
    id: 'cure-rate',
    name: { 'zh-CN': '回正率', 'en-US': 'Cure rate' },
    formula: {
      'zh-CN': '回正率 = 统计期内转回 M0 的案件数 ÷ 期初在催案件数,按逾期阶段分列。',
      'en-US': 'Cure rate = cases leaving to M0 in the period ÷ cases open at period start, per bucket.',
    },
    inGlossary: true,
    numerator: {
      'zh-CN': '期初在催、统计期内以设定原因(默认“回正”)结案的案件数',
      'en-US': 'Cases open at the start that closed in the period for a counted reason (cured by default)',
    },
    denominator: {
      'zh-CN': '期初在催案件数(按期初逾期阶段)',
      'en-US': 'Cases open at the period start (by their bucket then)',
    },
    reading: {
      'zh-CN': '期初 = 统计首日之前一日日终',
      'en-US': 'Period start = the end of the day before the first day',
    },
    unit: 'ratio',
    settings: ['buckets', 'cure.reasons'],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'cureRates',
  },
  {
    id: 'recovery-rate',
    name: { 'zh-CN': '催回率', 'en-US': 'Recovery rate' },
    formula: {
      'zh-CN': '催回率 = 统计期内回收金额 ÷ 分案时应还金额(金额口径),或 结清案件数 ÷ 分案案件数(笔数口径)。',
      'en-US':
        'Recovery rate 催回率 = collected in the period ÷ amount due at allocation (amount basis), or cases settled ÷ cases allocated (count basis).',
    },
    inGlossary: true,
    numerator: {
      'zh-CN': '持案期间至期末的回款金额(或以设定原因结清的案件数)',
      'en-US': 'Collected while held, to the period end (or cases settled for a counted reason)',
    },
    denominator: {
      'zh-CN': '统计期内分案时的应还金额(或分案案件数)',
      'en-US': 'The amount due at allocation of the cases allocated in the period (or their number)',
    },
    reading: {
      'zh-CN': '按分案日归期;持案期间 = 分案日至退案/改派日',
      'en-US':
        'Allocations counted in the period they were made; held = from allocation to return or reallocation',
    },
    unit: 'ratio',
    settings: ['recovery.basis', 'recovery.settledReasons'],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'recoveryRates',
  },
  {
    id: 'vintage',
    name: { 'zh-CN': '账龄分析(Vintage)', 'en-US': 'Vintage' },
    formula: {
      'zh-CN': 'Vintage(MOB k)= 逾期天数 ≥ N 的未偿本金 ÷ 该批次放款本金。',
      'en-US':
        'Vintage at MOB k = principal still outstanding with DPD ≥ N ÷ principal disbursed in the cohort.',
    },
    inGlossary: true,
    numerator: {
      'zh-CN': '放款后第 k 个月末逾期天数 ≥ N 的未偿本金',
      'en-US': 'Outstanding principal with DPD ≥ N at the k-th month end after disbursement',
    },
    denominator: { 'zh-CN': '该放款月的放款本金', 'en-US': 'Principal disbursed in the disbursement month' },
    reading: {
      'zh-CN': 'MOB 1 = 放款月之后的第一个月末;批次 = 放款月',
      'en-US': 'MOB 1 = the first month end after the disbursement month; cohort = disbursement month',
    },
    unit: 'ratio',
    settings: ['vintage.dpdThreshold', 'vintage.maxMob'],
    dimensions: LOAN_DIMENSIONS,
    computedBy: 'vintageCurves',
  },
  {
    id: 'ptp-rate',
    name: { 'zh-CN': '承诺率', 'en-US': 'PTP rate' },
    formula: {
      'zh-CN': '承诺率 = 承诺还款数 ÷ 本人接通数',
      'en-US': 'PTP rate = PTPs ÷ right-party contacts',
    },
    inGlossary: true,
    numerator: {
      'zh-CN': '统计期内取得的承诺(不含已撤销)',
      'en-US': 'Promises taken in the period (not cancelled)',
    },
    denominator: { 'zh-CN': '统计期内本人接通次数', 'en-US': 'Right-party contacts in the period' },
    reading: {
      'zh-CN': '按承诺日期与联络日期归期',
      'en-US': 'Promises by the day taken, contacts by the day made',
    },
    unit: 'ratio',
    settings: [],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'promiseRates',
  },
  {
    id: 'kept-rate',
    name: { 'zh-CN': '承诺兑现率', 'en-US': 'Kept rate' },
    formula: { 'zh-CN': '兑现率 = 兑现的承诺数 ÷ 到期的承诺数', 'en-US': 'kept rate = kept PTPs ÷ PTPs due' },
    inGlossary: true,
    numerator: { 'zh-CN': '到期承诺中已兑现的', 'en-US': 'Promises due in the period that were kept' },
    denominator: {
      'zh-CN': '承诺日在统计期内且已判定的承诺',
      'en-US': 'Promises with their date in the period and decided',
    },
    reading: {
      'zh-CN': '尚在宽限期未判定的承诺单列;部分兑现默认算跳票',
      'en-US': 'Promises still in their grace days are counted apart; partly kept is broken by default',
    },
    unit: 'ratio',
    settings: ['promises.partlyKeptCountsAsKept'],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'promiseRates',
  },
  {
    id: 'broken-promises',
    name: { 'zh-CN': '跳票数', 'en-US': 'Broken promises' },
    formula: { 'zh-CN': '跳票 = 承诺数 − 兑现数', 'en-US': 'broken = PTP − kept' },
    inGlossary: true,
    numerator: { 'zh-CN': '到期承诺数 − 兑现数', 'en-US': 'Promises due − kept' },
    denominator: null,
    reading: {
      'zh-CN': '承诺数指统计期内到期且已判定的承诺',
      'en-US': 'PTP here means the promises due in the period and decided',
    },
    unit: 'count',
    settings: ['promises.partlyKeptCountsAsKept'],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'promiseRates',
  },
  {
    id: 'contact-rate',
    name: { 'zh-CN': '接通率', 'en-US': 'Contact rate' },
    formula: {
      'zh-CN': '接通率 = 接通电话数 ÷ 拨打数',
      'en-US': 'Contact rate 接通率 = connected calls ÷ dialed',
    },
    inGlossary: true,
    numerator: { 'zh-CN': '统计期内接通的外呼', 'en-US': 'Calls connected in the period' },
    denominator: { 'zh-CN': '统计期内拨出的外呼', 'en-US': 'Calls dialed in the period' },
    reading: {
      'zh-CN': '只计电话;被合规闸门拒绝的呼叫未拨出,不计入',
      'en-US': 'Calls only; a dial refused by the compliance gate was never dialed and does not count',
    },
    unit: 'ratio',
    settings: [],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'contactRate',
  },
  {
    id: 'coverage',
    name: { 'zh-CN': '覆盖率', 'en-US': 'Coverage' },
    formula: {
      'zh-CN': '覆盖率 = 有催收动作的案件数 ÷ 在催案件数',
      'en-US': 'coverage 覆盖率 = cases attempted ÷ cases held',
    },
    inGlossary: true,
    numerator: {
      'zh-CN': '统计期内至少联络一次的在催案件',
      'en-US': 'Held cases with at least one attempt in the period',
    },
    denominator: { 'zh-CN': '统计期内持有的案件', 'en-US': 'Cases held in the period' },
    reading: { 'zh-CN': '计入的联络渠道为设置项', 'en-US': 'Which channels’ attempts count is a setting' },
    unit: 'ratio',
    settings: ['contact.attemptChannels'],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'coverageAndPenetration',
  },
  {
    id: 'penetration',
    name: { 'zh-CN': '渗透率', 'en-US': 'Penetration' },
    formula: { 'zh-CN': '渗透率 = 催收动作次数 ÷ 案件数', 'en-US': 'penetration 渗透率 = attempts ÷ cases' },
    inGlossary: true,
    numerator: { 'zh-CN': '统计期内对在催案件的联络次数', 'en-US': 'Attempts on held cases in the period' },
    denominator: { 'zh-CN': '统计期内持有的案件', 'en-US': 'Cases held in the period' },
    reading: { 'zh-CN': '可大于 1:每案平均联络次数', 'en-US': 'May exceed 1: attempts per case' },
    unit: 'ratio',
    settings: ['contact.attemptChannels'],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'coverageAndPenetration',
  },
  {
    id: 'amount-collected',
    name: { 'zh-CN': '回款金额', 'en-US': 'Amount collected' },
    formula: {
      'zh-CN': '回款金额 = 统计期内收到的还款合计(分,不含已冲正)',
      'en-US': 'Amount collected = payments received in the period (in fen, reversals excluded)',
    },
    inGlossary: false,
    numerator: {
      'zh-CN': '统计期内到账的还款金额合计',
      'en-US': 'The sum of payments received in the period',
    },
    denominator: null,
    reading: {
      'zh-CN': '按到账日归期,按案件持有人等维度归属',
      'en-US': 'By received date; attributed to the case’s holder, team, variant, product and region',
    },
    unit: 'fen',
    settings: [],
    dimensions: ALL_DIMENSIONS,
    computedBy: 'amountCollected',
  },
] satisfies KpiDefinition[]);

/** The definition of a KPI; throws ANALYTICS_KPI_UNKNOWN for an id that is not one. */
export function kpiDefinition(id: string): KpiDefinition {
  const found = KPI_DEFINITIONS.find((k) => k.id === id);
  if (!found) throw new CodedError('ANALYTICS_KPI_UNKNOWN', { kpi: id });
  return found;
}

/** Throws ANALYTICS_DIMENSION_NOT_APPLICABLE when the KPI cannot be broken down by the dimension. */
export function assertKpiDimension(id: KpiId, dimension: AnalyticsDimension): void {
  const kpi = kpiDefinition(id);
  if (!kpi.dimensions.includes(dimension)) {
    throw new CodedError('ANALYTICS_DIMENSION_NOT_APPLICABLE', {
      kpi: id,
      dimension,
      allowed: kpi.dimensions.join(', '),
    });
  }
}

/** The value of a settings path: settingValue(settings, 'entry.mode') → 'first-day'. */
export function settingValue(settings: AnalyticsSettings, path: AnalyticsSettingPath): unknown {
  let value: unknown = settings;
  for (const key of path.split('.')) value = (value as Record<string, unknown>)[key];
  return value;
}

/** The definition a report used: each of the KPI's settings with its value, for the chart's footnote. */
export function kpiSettingsUsed(
  id: KpiId,
  settings: AnalyticsSettings,
): { path: AnalyticsSettingPath; value: unknown }[] {
  return kpiDefinition(id).settings.map((path) => ({ path, value: settingValue(settings, path) }));
}
