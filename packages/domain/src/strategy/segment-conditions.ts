/**
 * 分群条件 segment conditions: JSON data over a case's facts that say which cases a segment
 * (or a plan step) takes. A condition is a leaf `{field, op, value}` or a group
 * `{all: […]}`, `{any: […]}`, `{not: …}`, at most five levels deep. Each field has a type
 * (number, fen, enum, text, boolean) that decides its operators and values, so a condition
 * that validates can always be evaluated; an invalid one is refused with a coded bilingual
 * error naming its place (`all.1.value`). No code change is needed to add a segment.
 */
import { z } from 'zod';
import type { LocalizedText } from '../compliance/rule-pack.js';
import { DEFAULT_BUCKETS } from '../delinquency/buckets.js';
import type { CollectionStage } from '../delinquency/loan-day.js';
import { type ErrorCode, formatMessage, type Locale } from '../errors/error-codes.js';
import { type Fen, fen, formatCny } from '../money/money.js';

/** 案件阶段 the stage of a case: the collection stages, then legal, agency placement and write-off. */
export type CaseStage = CollectionStage | 'legal' | 'agency' | 'write_off';
export const CASE_STAGES = Object.freeze([
  'early',
  'middle',
  'late',
  'legal',
  'agency',
  'write_off',
] as const);

/** 逾期原因 why the debtor is late, as the collector judged it. */
export type DelinquencyReason =
  | 'forgot'
  | 'payment-channel'
  | 'temporary-hardship'
  | 'long-term-hardship'
  | 'unwilling'
  | 'fraud-suspected'
  | 'unknown';
export const DELINQUENCY_REASONS = Object.freeze([
  'forgot',
  'payment-channel',
  'temporary-hardship',
  'long-term-hardship',
  'unwilling',
  'fraud-suspected',
  'unknown',
] as const);

/** 承诺状态 the state of the case's latest promise to pay. */
export type PromiseStatus = 'none' | 'pending' | 'kept' | 'broken';
export const PROMISE_STATUSES = Object.freeze(['none', 'pending', 'kept', 'broken'] as const);

/** The bucket codes conditions may name: the default buckets M0 … M7+, in order. */
export const BUCKET_CODES: readonly string[] = Object.freeze(DEFAULT_BUCKETS.map((b) => b.code));

/**
 * 案件事实 what segments and steps are decided on: one open case on one business date.
 * The daily run loads these; the domain only reads them.
 */
export interface CaseFacts {
  dpd: number; // 逾期天数, ≥ 1 for an open case
  bucket: string; // 账龄 M1 … M7+ (bucketOf(dpd))
  stage: CaseStage;
  overdueFen: Fen; // 逾期金额: everything past due, charges included
  principalFen: Fen; // 贷款本金 the loan's principal
  outstandingFen: Fen; // 未还余额 everything unpaid, due or not (≥ overdueFen)
  pastEpisodes: number; // 历史逾期次数 delinquency episodes before this one
  worstDpdEver: number; // 历史最大逾期天数, the current episode included (≥ dpd)
  delinquencyReason: DelinquencyReason;
  lastOutcome: string | null; // 最近行动码 the last attempt's outcome code; null before any
  promiseStatus: PromiseStatus;
  score: number | null; // C卡 collection score; null until a scorecard scores the case
  productCode: string;
  regionCode: string | null; // 6-digit administrative division of the customer
  province: string | null;
  hasCollateral: boolean;
  selfContactValid: boolean; // the debtor's own number is known to reach them
  validContacts: number; // valid numbers of people other than the debtor (emergency, spouse, …)
  daysSinceCollectionStart: number; // 0 on the day the case opened
  daysInStage: number; // 0 on the day the case entered its stage (≤ daysSinceCollectionStart)
}

/** A fact a condition can test. */
export type ConditionField = keyof CaseFacts;

/** The kind of a field's values. `fen` is an integer amount of fen shown in yuan. */
export type ConditionFieldType = 'number' | 'fen' | 'enum' | 'text' | 'boolean';

/** 运算符 a comparison: `between` is inclusive; `isNull` takes true (is null) or false (is not). */
export type ConditionOp = 'eq' | 'ne' | 'in' | 'notIn' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'isNull';
export const CONDITION_OPS = Object.freeze([
  'eq',
  'ne',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'isNull',
] as const);

/** What a field holds and how it reads. */
export interface ConditionFieldSpec {
  type: ConditionFieldType;
  label: LocalizedText;
  nullable: boolean;
  integer: boolean; // number fields: whole numbers only (fen always)
  min: number | null; // the least value a real case can have (for coverage checks)
  values: readonly string[]; // enum fields
  ordered: boolean; // enum fields whose values have an order (buckets): gt/lt/between allowed
  valueLabels: Readonly<Record<string, LocalizedText>>;
}

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, 'en-US': en });

function spec(type: ConditionFieldType, label: LocalizedText, more: Partial<ConditionFieldSpec> = {}) {
  return Object.freeze({
    type,
    label,
    nullable: false,
    integer: type === 'fen',
    min: null,
    values: [],
    ordered: false,
    valueLabels: {},
    ...more,
  } satisfies ConditionFieldSpec);
}

/** Display names of stages, reasons and promise states. */
export const CASE_STAGE_LABELS: Readonly<Record<CaseStage, LocalizedText>> = Object.freeze({
  early: t('早期', 'early'),
  middle: t('中期', 'middle'),
  late: t('后期', 'late'),
  legal: t('法务', 'legal'),
  agency: t('委外', 'agency'),
  write_off: t('核销', 'write-off'),
});

const REASON_LABELS: Readonly<Record<DelinquencyReason, LocalizedText>> = Object.freeze({
  forgot: t('忘记还款', 'forgot'),
  'payment-channel': t('还款渠道问题', 'payment channel problem'),
  'temporary-hardship': t('暂时困难', 'temporary hardship'),
  'long-term-hardship': t('长期困难', 'long-term hardship'),
  unwilling: t('还款意愿差', 'unwilling'),
  'fraud-suspected': t('疑似欺诈', 'suspected fraud'),
  unknown: t('未知', 'unknown'),
});

const PROMISE_LABELS: Readonly<Record<PromiseStatus, LocalizedText>> = Object.freeze({
  none: t('无承诺', 'no promise'),
  pending: t('待履行', 'pending'),
  kept: t('已履约', 'kept'),
  broken: t('已违约', 'broken'),
});

/**
 * The fields, in the order coverage checks branch on them (DPD first: it decides bucket
 * and stage). Labels are what describeCondition and the condition builder show.
 */
export const CONDITION_FIELDS: Readonly<Record<ConditionField, ConditionFieldSpec>> = Object.freeze({
  dpd: spec('number', t('DPD', 'DPD'), { integer: true, min: 1 }),
  bucket: spec('enum', t('账龄', 'bucket'), { values: BUCKET_CODES, ordered: true }),
  stage: spec('enum', t('阶段', 'stage'), { values: CASE_STAGES, valueLabels: CASE_STAGE_LABELS }),
  overdueFen: spec('fen', t('逾期金额', 'overdue amount'), { min: 0 }),
  principalFen: spec('fen', t('本金', 'principal'), { min: 0 }),
  outstandingFen: spec('fen', t('未还余额', 'outstanding balance'), { min: 0 }),
  pastEpisodes: spec('number', t('历史逾期次数', 'past episodes'), { integer: true, min: 0 }),
  worstDpdEver: spec('number', t('历史最大逾期天数', 'worst DPD ever'), { integer: true, min: 1 }),
  delinquencyReason: spec('enum', t('逾期原因', 'delinquency reason'), {
    values: DELINQUENCY_REASONS,
    valueLabels: REASON_LABELS,
  }),
  lastOutcome: spec('text', t('最近行动码', 'last outcome'), { nullable: true }),
  promiseStatus: spec('enum', t('承诺状态', 'promise status'), {
    values: PROMISE_STATUSES,
    valueLabels: PROMISE_LABELS,
  }),
  score: spec('number', t('评分', 'score'), { nullable: true }),
  productCode: spec('text', t('产品', 'product')),
  regionCode: spec('text', t('行政区划', 'region code'), { nullable: true }),
  province: spec('text', t('省份', 'province'), { nullable: true }),
  hasCollateral: spec('boolean', t('有抵押', 'secured')),
  selfContactValid: spec('boolean', t('本人号码有效', 'own number valid')),
  validContacts: spec('number', t('有效联系人数', 'valid contacts'), { integer: true, min: 0 }),
  daysInStage: spec('number', t('本阶段天数', 'days in stage'), { integer: true, min: 0 }),
  daysSinceCollectionStart: spec('number', t('入催天数', 'days in collection'), { integer: true, min: 0 }),
});

/** Every field name, in the canonical order of CONDITION_FIELDS. */
export const CONDITION_FIELD_NAMES: readonly ConditionField[] = Object.freeze(
  Object.keys(CONDITION_FIELDS) as ConditionField[],
);

/** A value a leaf compares with. */
export type ConditionScalar = number | string | boolean;

/** 条件 a leaf comparison. */
export interface ConditionLeaf {
  field: ConditionField;
  op: ConditionOp;
  value: ConditionScalar | readonly ConditionScalar[];
}

/** 条件 a leaf or a group: all must hold, any must hold, or the inner one must not. */
export type Condition =
  | ConditionLeaf
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition };

export const MAX_CONDITION_DEPTH = 5;
export const MAX_CONDITION_GROUP_SIZE = 50;
export const MAX_CONDITION_LIST_SIZE = 200;
export const MAX_CONDITION_TEXT_LENGTH = 64;

/** The operators a field accepts. */
export function allowedOps(field: ConditionField): readonly ConditionOp[] {
  const s = CONDITION_FIELDS[field];
  const ops: ConditionOp[] = ['eq', 'ne'];
  if (s.type !== 'boolean') ops.push('in', 'notIn');
  if (s.type === 'number' || s.type === 'fen' || s.ordered) ops.push('gt', 'gte', 'lt', 'lte', 'between');
  if (s.nullable) ops.push('isNull');
  return ops;
}

// ---------------------------------------------------------------------------------------
// Validation

/** One problem in a condition: where (relative to the condition), which code, with what. */
export interface ConditionIssue {
  path: (string | number)[];
  code: ErrorCode;
  params: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isField = (v: unknown): v is ConditionField =>
  typeof v === 'string' && Object.hasOwn(CONDITION_FIELDS, v);

/** Checks one compared value against the field's type; returns the issue or null. */
function scalarIssue(
  field: ConditionField,
  value: unknown,
  path: (string | number)[],
): ConditionIssue | null {
  const s = CONDITION_FIELDS[field];
  const issue = (code: ErrorCode, params: Record<string, unknown> = {}) => ({
    path,
    code,
    params: { field, ...params },
  });
  switch (s.type) {
    case 'number':
    case 'fen':
      if (typeof value !== 'number' || !Number.isFinite(value)) return issue('CONDITION_VALUE_NOT_NUMBER');
      if (s.integer && !Number.isSafeInteger(value)) return issue('CONDITION_VALUE_NOT_INTEGER');
      return null;
    case 'enum':
      return typeof value === 'string' && s.values.includes(value)
        ? null
        : issue('CONDITION_VALUE_NOT_ALLOWED', {
            value: JSON.stringify(value),
            allowed: s.values.join(', '),
          });
    case 'text':
      return typeof value === 'string' && value.length >= 1 && value.length <= MAX_CONDITION_TEXT_LENGTH
        ? null
        : issue('CONDITION_VALUE_NOT_TEXT', { max: MAX_CONDITION_TEXT_LENGTH });
    case 'boolean':
      return typeof value === 'boolean' ? null : issue('CONDITION_VALUE_NOT_BOOLEAN');
  }
}

function leafIssues(node: Record<string, unknown>, path: (string | number)[], out: ConditionIssue[]): void {
  for (const key of Object.keys(node)) {
    if (key !== 'field' && key !== 'op' && key !== 'value') {
      out.push({ path: [...path, key], code: 'CONDITION_MALFORMED', params: {} });
    }
  }
  const { field, op, value } = node;
  if (!isField(field)) {
    out.push({
      path: [...path, 'field'],
      code: 'CONDITION_FIELD_UNKNOWN',
      params: { field: String(field), allowed: CONDITION_FIELD_NAMES.join(', ') },
    });
    return;
  }
  const ops = allowedOps(field);
  if (typeof op !== 'string' || !(ops as readonly string[]).includes(op)) {
    out.push({
      path: [...path, 'op'],
      code: 'CONDITION_OP_NOT_ALLOWED',
      params: { op: String(op), field, allowed: ops.join(', ') },
    });
    return;
  }
  const valuePath = [...path, 'value'];
  const push = (issue: ConditionIssue | null) => {
    if (issue) out.push(issue);
  };
  switch (op as ConditionOp) {
    case 'isNull':
      if (typeof value !== 'boolean')
        push({ path: valuePath, code: 'CONDITION_VALUE_NOT_BOOLEAN', params: { field } });
      return;
    case 'in':
    case 'notIn':
      if (!Array.isArray(value) || value.length < 1 || value.length > MAX_CONDITION_LIST_SIZE) {
        push({
          path: valuePath,
          code: 'CONDITION_LIST_INVALID',
          params: { op, max: MAX_CONDITION_LIST_SIZE },
        });
        return;
      }
      value.forEach((v, i) => {
        push(scalarIssue(field, v, [...valuePath, i]));
      });
      return;
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) {
        push({ path: valuePath, code: 'CONDITION_RANGE_INVALID', params: {} });
        return;
      }
      const before = out.length;
      value.forEach((v, i) => {
        push(scalarIssue(field, v, [...valuePath, i]));
      });
      if (out.length === before && rankOf(field, value[0]) > rankOf(field, value[1])) {
        push({ path: valuePath, code: 'CONDITION_RANGE_INVALID', params: {} });
      }
      return;
    }
    default:
      push(scalarIssue(field, value, valuePath));
  }
}

function walk(node: unknown, path: (string | number)[], depth: number, out: ConditionIssue[]): void {
  if (depth > MAX_CONDITION_DEPTH) {
    out.push({ path, code: 'CONDITION_TOO_DEEP', params: { max: MAX_CONDITION_DEPTH } });
    return;
  }
  if (!isObject(node)) {
    out.push({ path, code: 'CONDITION_MALFORMED', params: {} });
    return;
  }
  const keys = Object.keys(node);
  const group = keys.length === 1 ? keys[0] : undefined;
  if (group === 'all' || group === 'any') {
    const list = node[group];
    if (!Array.isArray(list) || list.length < 1 || list.length > MAX_CONDITION_GROUP_SIZE) {
      out.push({
        path: [...path, group],
        code: 'CONDITION_GROUP_SIZE',
        params: { max: MAX_CONDITION_GROUP_SIZE },
      });
      if (!Array.isArray(list)) return;
    }
    list.forEach((child, i) => {
      walk(child, [...path, group, i], depth + 1, out);
    });
    return;
  }
  if (group === 'not') {
    walk(node.not, [...path, 'not'], depth + 1, out);
    return;
  }
  if ('field' in node || 'op' in node) {
    leafIssues(node, path, out);
    return;
  }
  out.push({ path, code: 'CONDITION_MALFORMED', params: {} });
}

/** Every problem in a condition (JSON from a client), each with its place; empty when valid. */
export function checkCondition(input: unknown): ConditionIssue[] {
  const out: ConditionIssue[] = [];
  walk(input, [], 1, out);
  return out;
}

/**
 * 分群条件 the zod schema of a condition. The check walks the whole tree so every error is
 * reported at its own path with its own code (zod's unions would report one vague error
 * at the root); the message is the code's en-US text and `params.code` carries the code.
 */
export const SegmentCondition = z.custom<Condition>().superRefine((input, ctx) => {
  for (const issue of checkCondition(input)) {
    ctx.addIssue({
      code: 'custom',
      path: issue.path,
      message: formatMessage(issue.code, 'en-US', issue.params),
      params: { code: issue.code, ...issue.params },
    });
  }
});

// ---------------------------------------------------------------------------------------
// Evaluation

/** A comparable rank: the number itself, or an ordered enum value's position (NaN if unknown). */
function rankOf(field: ConditionField, value: unknown): number {
  if (typeof value === 'number') return value;
  const s = CONDITION_FIELDS[field];
  if (s.ordered && typeof value === 'string') {
    const i = s.values.indexOf(value);
    return i < 0 ? Number.NaN : i;
  }
  return Number.NaN;
}

/**
 * Whether a leaf holds for a fact value. A null fact equals nothing and fails every ordering
 * comparison, so `ne` and `notIn` hold for it (as `not eq` would): only isNull tests null.
 */
export function leafHolds(leaf: ConditionLeaf, actual: ConditionScalar | null): boolean {
  const { op, value } = leaf;
  switch (op) {
    case 'isNull':
      return (actual === null) === value;
    case 'eq':
      return actual !== null && actual === value;
    case 'ne':
      return actual === null || actual !== value;
    case 'in':
      return actual !== null && (value as readonly ConditionScalar[]).includes(actual);
    case 'notIn':
      return actual === null || !(value as readonly ConditionScalar[]).includes(actual);
    default: {
      if (actual === null) return false;
      const a = rankOf(leaf.field, actual);
      if (op === 'between') {
        const [lo, hi] = value as readonly ConditionScalar[];
        return a >= rankOf(leaf.field, lo) && a <= rankOf(leaf.field, hi);
      }
      const b = rankOf(leaf.field, value);
      if (op === 'gt') return a > b;
      if (op === 'gte') return a >= b;
      if (op === 'lt') return a < b;
      return a <= b;
    }
  }
}

/** Whether a (validated) condition holds for a case's facts. */
export function evaluateCondition(condition: Condition, facts: CaseFacts): boolean {
  if ('all' in condition) {
    for (const c of condition.all) if (!evaluateCondition(c, facts)) return false;
    return true;
  }
  if ('any' in condition) {
    for (const c of condition.any) if (evaluateCondition(c, facts)) return true;
    return false;
  }
  if ('not' in condition) return !evaluateCondition(condition.not, facts);
  return leafHolds(condition, facts[condition.field]);
}

/** Calls `visit` on every leaf of a condition, left to right. */
export function forEachLeaf(condition: Condition, visit: (leaf: ConditionLeaf) => void): void {
  if ('all' in condition) for (const c of condition.all) forEachLeaf(c, visit);
  else if ('any' in condition) for (const c of condition.any) forEachLeaf(c, visit);
  else if ('not' in condition) forEachLeaf(condition.not, visit);
  else visit(condition);
}

/** The fields a condition tests, in canonical field order. */
export function conditionFields(condition: Condition): ConditionField[] {
  const seen = new Set<ConditionField>();
  forEachLeaf(condition, (leaf) => seen.add(leaf.field));
  return CONDITION_FIELD_NAMES.filter((f) => seen.has(f));
}

// ---------------------------------------------------------------------------------------
// Description

const WORDS = {
  'zh-CN': {
    and: ' 且 ',
    or: ' 或 ',
    not: (s: string) => `非(${s})`,
    in: '属于',
    notIn: '不属于',
    listSep: '、',
    isNull: '为空',
    notNull: '不为空',
    yes: '是',
    no: '否',
  },
  'en-US': {
    and: ' and ',
    or: ' or ',
    not: (s: string) => `not (${s})`,
    in: 'in',
    notIn: 'not in',
    listSep: ', ',
    isNull: 'is empty',
    notNull: 'is not empty',
    yes: 'yes',
    no: 'no',
  },
} as const;

const SYMBOLS: Partial<Record<ConditionOp, string>> = {
  eq: '=',
  ne: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

/** A value as people read it: yuan for fen, labels for enum values, 是/否 for booleans. */
export function describeValue(field: ConditionField, value: ConditionScalar | null, locale: Locale): string {
  const s = CONDITION_FIELDS[field];
  if (value === null) return locale === 'zh-CN' ? '空' : 'empty';
  if (typeof value === 'boolean') return value ? WORDS[locale].yes : WORDS[locale].no;
  if (s.type === 'fen' && typeof value === 'number') return formatCny(fen(value));
  if (typeof value === 'string') return s.valueLabels[value]?.[locale] ?? value;
  return String(value);
}

function describeNode(condition: Condition, locale: Locale, nested: boolean): string {
  const w = WORDS[locale];
  if ('all' in condition || 'any' in condition) {
    const [list, sep] = 'all' in condition ? [condition.all, w.and] : [condition.any, w.or];
    const text = list.map((c) => describeNode(c, locale, true)).join(sep);
    return nested && list.length > 1 ? `(${text})` : text;
  }
  if ('not' in condition) return w.not(describeNode(condition.not, locale, false));
  const { field, op, value } = condition;
  const label = CONDITION_FIELDS[field].label[locale];
  const show = (v: ConditionScalar) => describeValue(field, v, locale);
  switch (op) {
    case 'isNull':
      return locale === 'zh-CN'
        ? `${label}${value ? w.isNull : w.notNull}`
        : `${label} ${value ? w.isNull : w.notNull}`;
    case 'in':
    case 'notIn':
      return `${label} ${w[op]} [${(value as readonly ConditionScalar[]).map(show).join(w.listSep)}]`;
    case 'between': {
      const [lo, hi] = value as readonly ConditionScalar[];
      return `${show(lo!)} ≤ ${label} ≤ ${show(hi!)}`;
    }
    default:
      return `${label} ${SYMBOLS[op]} ${show(value as ConditionScalar)}`;
  }
}

/** 条件说明 a short text of a condition: "DPD ≥ 1 且 DPD ≤ 30" / "DPD ≥ 1 and DPD ≤ 30". */
export function describeCondition(condition: Condition, locale: Locale): string {
  return describeNode(condition, locale, false);
}
