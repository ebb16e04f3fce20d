/**
 * 计划 what a strategy wants done for one case on one business date, and why. The daily
 * run assigns a segment when a case opens or changes stage (`assignSegment`; the segment
 * then stays until the next stage change, so actions do not flip with small changes in
 * the facts) and asks `planDay` for the day's actions. Each action carries the strategy,
 * version, segment, stage, step and facts that produced it, and the one line the case view
 * shows: "M1 · 新客首逾 · 第1天 短信 · 逾期1天,逾期金额 ¥1,240.00".
 */
import { type BusinessDate, daysBetween } from '../calendar/business-date.js';
import type { ContactChannel, PartyRole } from '../compliance/gate.js';
import type { LocalizedText } from '../compliance/rule-pack.js';
import { formatCny } from '../money/money.js';
import {
  type CaseFacts,
  type CaseStage,
  type ConditionField,
  conditionFields,
  evaluateCondition,
} from './segment-conditions.js';
import type { StepAnchor, StepChannel, StrategyDefinition, StrategyStep } from './strategy.js';

/** What the daily run knows about the case besides its facts. */
export interface PlanDayContext {
  businessDate: BusinessDate;
  collectionStartDate: BusinessDate; // the day the case opened (day 1)
  stageStartDate: BusinessDate; // the day the case entered its current stage (stage day 1)
  promiseDueDate?: BusinessDate | null; // the date of the pending promise, if any
  promiseBrokenOn?: BusinessDate | null; // the day the latest promise was found broken, if it was
  segmentCode: string; // assigned by assignSegment when the case opened or changed stage
}

/** 原因 what produced a planned action, as recorded with it. */
export interface ActionWhy {
  strategyCode: string;
  version?: number;
  segmentCode: string;
  stage: CaseStage;
  stepId: string;
  dayOffset: number;
  anchor: StepAnchor;
  anchorDate: BusinessDate;
  occurrence: number; // 0 the first time the step fires, k its k-th repeat
  /** DPD, bucket, stage, overdue amount and every fact the segment's and step's conditions test. */
  facts: Partial<CaseFacts>;
}

/** 计划动作 one thing to do today. */
export interface PlannedAction {
  stepId: string;
  channel: StepChannel;
  templateCode: string | null;
  priority: number; // call-queue priority, 100 first
  dueDate: BusinessDate;
  /** Who the compliance gate is asked about and on which channel; null for internal reviews. */
  contact: { channel: ContactChannel; partyRole: PartyRole } | null;
  why: ActionWhy;
  whyLine: LocalizedText;
}

/** The gate channel and party of each step channel (internal reviews contact no one). */
export const STEP_CONTACT: Readonly<Record<StepChannel, Readonly<PlannedAction['contact']>>> = Object.freeze({
  sms: Object.freeze({ channel: 'sms', partyRole: 'self' }),
  push: Object.freeze({ channel: 'push', partyRole: 'self' }),
  email: Object.freeze({ channel: 'email', partyRole: 'self' }),
  'call-task': Object.freeze({ channel: 'call', partyRole: 'self' }),
  // The plan: the emergency contact may only be asked to pass on a message (by SMS).
  'emergency-contact-message': Object.freeze({ channel: 'sms', partyRole: 'emergency' }),
  letter: Object.freeze({ channel: 'letter', partyRole: 'self' }),
  visit: Object.freeze({ channel: 'visit', partyRole: 'self' }),
  'legal-review': null,
  'agency-placement-candidate': null,
});

/** Display names of step channels. */
export const STEP_CHANNEL_LABELS: Readonly<Record<StepChannel, LocalizedText>> = Object.freeze({
  sms: { 'zh-CN': '短信', 'en-US': 'SMS' },
  push: { 'zh-CN': 'App 推送', 'en-US': 'app push' },
  email: { 'zh-CN': '邮件', 'en-US': 'email' },
  'call-task': { 'zh-CN': '电话任务', 'en-US': 'call task' },
  'emergency-contact-message': { 'zh-CN': '紧急联系人留言', 'en-US': 'emergency-contact message' },
  letter: { 'zh-CN': '信函', 'en-US': 'letter' },
  visit: { 'zh-CN': '外访', 'en-US': 'visit' },
  'legal-review': { 'zh-CN': '法务评估', 'en-US': 'legal review' },
  'agency-placement-candidate': { 'zh-CN': '委外候选', 'en-US': 'agency placement candidate' },
});

/** 分群 the first segment whose condition the facts meet, or null when none does. */
export function assignSegment(strategy: StrategyDefinition, facts: CaseFacts): string | null {
  for (const segment of strategy.segments) {
    if (evaluateCondition(segment.condition, facts)) return segment.code;
  }
  return null;
}

/**
 * Whether a step fires on a date: the occurrence (0 first, k the k-th repeat) or null. It
 * fires on anchor + dayOffset and, when it repeats, every repeatEveryDays after that, at
 * most maxRepeats more times (without maxRepeats, for as long as the plan applies).
 */
export function stepOccurrence(
  step: Pick<StrategyStep, 'dayOffset' | 'repeatEveryDays' | 'maxRepeats'>,
  anchorDate: BusinessDate,
  date: BusinessDate,
): number | null {
  const sinceFirst = daysBetween(anchorDate, date) - step.dayOffset;
  if (sinceFirst < 0) return null;
  if (sinceFirst === 0) return 0;
  const every = step.repeatEveryDays;
  if (every === undefined || sinceFirst % every !== 0) return null;
  const k = sinceFirst / every;
  return step.maxRepeats !== undefined && k > step.maxRepeats ? null : k;
}

/** The date a step counts from; none for a promise-anchored step without a pending promise. */
function anchorDateOf(anchor: StepAnchor, facts: CaseFacts, context: PlanDayContext): BusinessDate | null {
  switch (anchor) {
    case 'collection-start':
      return context.collectionStartDate;
    case 'stage-start':
      return context.stageStartDate;
    case 'promise-due':
      // A kept or broken promise needs no reminder, whatever date the caller passed.
      return facts.promiseStatus === 'pending' ? (context.promiseDueDate ?? null) : null;
    case 'promise-broken':
      // Follow-ups of a broken promise, until a new promise (pending, kept) replaces it.
      return facts.promiseStatus === 'broken' ? (context.promiseBrokenOn ?? null) : null;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "第3天" / "day 3", "本阶段第2天" / "stage day 2", "承诺还款日前1天" / "1 day before the promised date". */
function dayLabel(anchor: StepAnchor, anchorDate: BusinessDate, date: BusinessDate): LocalizedText {
  const days = daysBetween(anchorDate, date);
  switch (anchor) {
    case 'collection-start':
      return { 'zh-CN': `第${days + 1}天`, 'en-US': `day ${days + 1}` };
    case 'stage-start':
      return { 'zh-CN': `本阶段第${days + 1}天`, 'en-US': `stage day ${days + 1}` };
    case 'promise-due':
      if (days === 0) return { 'zh-CN': '承诺还款日当天', 'en-US': 'on the promised date' };
      return days < 0
        ? { 'zh-CN': `承诺还款日前${-days}天`, 'en-US': `${plural(-days, 'day')} before the promised date` }
        : { 'zh-CN': `承诺还款日后${days}天`, 'en-US': `${plural(days, 'day')} after the promised date` };
    case 'promise-broken':
      return days === 0
        ? { 'zh-CN': '承诺跳票当天', 'en-US': 'the day the promise broke' }
        : { 'zh-CN': `承诺跳票后第${days}天`, 'en-US': `${plural(days, 'day')} after the promise broke` };
  }
}

/** 一句话原因 "M1 · 新客首逾 · 第1天 短信 · 逾期1天,逾期金额 ¥1,240.00" and its English. */
export function whyLineOf(input: {
  facts: Pick<CaseFacts, 'bucket' | 'dpd' | 'overdueFen'>;
  segmentName: LocalizedText;
  channel: StepChannel;
  anchor: StepAnchor;
  anchorDate: BusinessDate;
  date: BusinessDate;
}): LocalizedText {
  const { facts, segmentName, channel } = input;
  const day = dayLabel(input.anchor, input.anchorDate, input.date);
  const amount = formatCny(facts.overdueFen);
  const channelLabel = STEP_CHANNEL_LABELS[channel];
  return {
    'zh-CN': `${facts.bucket} · ${segmentName['zh-CN']} · ${day['zh-CN']} ${channelLabel['zh-CN']} · 逾期${facts.dpd}天,逾期金额 ${amount}`,
    'en-US': `${facts.bucket} · ${segmentName['en-US']} · ${day['en-US']} ${channelLabel['en-US']} · DPD ${facts.dpd}, ${amount} overdue`,
  };
}

const ALWAYS_RECORDED: readonly ConditionField[] = ['dpd', 'bucket', 'stage', 'overdueFen'];

function factsSummary(facts: CaseFacts, fields: Iterable<ConditionField>): Partial<CaseFacts> {
  const out: Record<string, unknown> = {};
  for (const f of ALWAYS_RECORDED) out[f] = facts[f];
  for (const f of fields) out[f] = facts[f];
  return out as Partial<CaseFacts>;
}

/**
 * 当日计划 the actions the case's plan (its segment × its stage) wants on the business
 * date, highest priority first (plan order among equals). Steps whose condition the facts
 * fail are left out; a case whose segment has no plan for its stage gets none. Throws when
 * the strategy has no segment `context.segmentCode` (the case's sticky assignment is stale).
 */
export function planDay(
  strategy: StrategyDefinition,
  facts: CaseFacts,
  context: PlanDayContext,
): PlannedAction[] {
  const segment = strategy.segments.find((s) => s.code === context.segmentCode);
  if (!segment) {
    throw new RangeError(`Strategy ${strategy.code} has no segment ${context.segmentCode}`);
  }
  const plan = strategy.plans.find((p) => p.segmentCode === segment.code && p.stage === facts.stage);
  if (!plan) return [];
  const segmentFields = conditionFields(segment.condition);
  const actions: PlannedAction[] = [];
  for (const step of plan.steps) {
    const anchorDate = anchorDateOf(step.anchor, facts, context);
    if (anchorDate === null) continue;
    const occurrence = stepOccurrence(step, anchorDate, context.businessDate);
    if (occurrence === null) continue;
    if (step.condition && !evaluateCondition(step.condition, facts)) continue;
    const contact = STEP_CONTACT[step.channel];
    const fields = step.condition ? [...segmentFields, ...conditionFields(step.condition)] : segmentFields;
    actions.push({
      stepId: step.id,
      channel: step.channel,
      templateCode: step.templateCode ?? null,
      priority: step.priority,
      dueDate: context.businessDate,
      contact: contact === null ? null : { ...contact },
      why: {
        strategyCode: strategy.code,
        ...(strategy.version === undefined ? {} : { version: strategy.version }),
        segmentCode: segment.code,
        stage: facts.stage,
        stepId: step.id,
        dayOffset: step.dayOffset,
        anchor: step.anchor,
        anchorDate,
        occurrence,
        facts: factsSummary(facts, fields),
      },
      whyLine: whyLineOf({
        facts,
        segmentName: segment.name,
        channel: step.channel,
        anchor: step.anchor,
        anchorDate,
        date: context.businessDate,
      }),
    });
  }
  // Array.prototype.sort is stable: equal priorities keep plan order.
  return actions.sort((a, b) => b.priority - a.priority);
}
