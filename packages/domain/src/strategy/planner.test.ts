import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/business-date.js';
import { bucketOf } from '../delinquency/buckets.js';
import { stageForBucket } from '../delinquency/loan-day.js';
import { fen } from '../money/money.js';
import { DEFAULT_STRATEGY } from './default-strategy.js';
import {
  assignSegment,
  type PlanDayContext,
  type PlannedAction,
  planDay,
  stepOccurrence,
} from './planner.js';
import type { CaseFacts } from './segment-conditions.js';
import type { StrategyDefinition } from './strategy.js';

const OPENED = '2026-03-02'; // day 1 in collection: DPD 1 (the installment fell due on 03-01)

/** A case on day `day` of collection (DPD = day), in the stage its bucket implies. */
function caseOn(day: number, over: Partial<CaseFacts> = {}): { facts: CaseFacts; context: PlanDayContext } {
  const dpd = over.dpd ?? day;
  const bucket = bucketOf(dpd);
  const stage = over.stage ?? stageForBucket(bucket);
  const stageStartDpd = stage === 'early' ? 1 : stage === 'middle' ? 31 : 61;
  const facts: CaseFacts = {
    dpd,
    bucket,
    stage,
    overdueFen: fen(124_000),
    principalFen: fen(600_000),
    outstandingFen: fen(480_000),
    pastEpisodes: 0,
    worstDpdEver: dpd,
    delinquencyReason: 'unknown',
    lastOutcome: null,
    promiseStatus: 'none',
    score: null,
    productCode: 'P-CASH',
    regionCode: '440305',
    province: '广东',
    hasCollateral: false,
    selfContactValid: true,
    validContacts: 1,
    daysSinceCollectionStart: day - 1,
    daysInStage: dpd - stageStartDpd,
    ...over,
  };
  const businessDate = addDays(OPENED, day - 1);
  const segmentCode = assignSegment(DEFAULT_STRATEGY, facts);
  if (segmentCode === null) throw new Error('no segment');
  return {
    facts,
    context: {
      businessDate,
      collectionStartDate: OPENED,
      stageStartDate: addDays(businessDate, -facts.daysInStage),
      segmentCode,
    },
  };
}

const plan = (day: number, over: Partial<CaseFacts> = {}, context: Partial<PlanDayContext> = {}) => {
  const c = caseOn(day, over);
  return planDay(DEFAULT_STRATEGY, c.facts, { ...c.context, ...context });
};
const steps = (actions: readonly PlannedAction[]) => actions.map((a) => a.stepId);
const channels = (actions: readonly PlannedAction[]) => actions.map((a) => a.channel).sort();

describe('assignSegment', () => {
  it('takes the first segment the facts meet', () => {
    expect(caseOn(1).context.segmentCode).toBe('m1-first');
    expect(caseOn(1, { pastEpisodes: 2 }).context.segmentCode).toBe('m1-repeat');
    expect(caseOn(31).context.segmentCode).toBe('m2');
    expect(caseOn(61, { hasCollateral: true }).context.segmentCode).toBe('m3-secured');
    expect(caseOn(400).context.segmentCode).toBe('m3-unsecured');
  });

  it('returns null when no segment matches', () => {
    const narrow: StrategyDefinition = {
      ...DEFAULT_STRATEGY,
      segments: DEFAULT_STRATEGY.segments.slice(0, 1),
    };
    expect(assignSegment(narrow, caseOn(45).facts)).toBeNull();
  });

  it('prefers the earlier segment when two match', () => {
    const s: StrategyDefinition = {
      ...DEFAULT_STRATEGY,
      segments: [
        {
          code: 'any',
          name: { 'zh-CN': '全部', 'en-US': 'All' },
          condition: { field: 'dpd', op: 'gte', value: 1 },
        },
        ...DEFAULT_STRATEGY.segments,
      ],
    };
    expect(assignSegment(s, caseOn(3).facts)).toBe('any');
  });
});

describe('stepOccurrence', () => {
  const anchor = '2026-03-01';
  it.each([
    [{ dayOffset: 0 }, '2026-03-01', 0],
    [{ dayOffset: 0 }, '2026-03-02', null],
    [{ dayOffset: 2 }, '2026-03-02', null],
    [{ dayOffset: 2 }, '2026-03-03', 0],
    [{ dayOffset: 2, repeatEveryDays: 2 }, '2026-03-04', null],
    [{ dayOffset: 2, repeatEveryDays: 2 }, '2026-03-05', 1],
    [{ dayOffset: 2, repeatEveryDays: 2 }, '2026-12-31', null],
    [{ dayOffset: 2, repeatEveryDays: 2 }, '2027-01-01', 152],
    [{ dayOffset: 0, repeatEveryDays: 1, maxRepeats: 1 }, '2026-03-02', 1],
    [{ dayOffset: 0, repeatEveryDays: 1, maxRepeats: 1 }, '2026-03-03', null],
    [{ dayOffset: 0, repeatEveryDays: 7, maxRepeats: 3 }, '2026-03-22', 3],
    [{ dayOffset: 0, repeatEveryDays: 7, maxRepeats: 3 }, '2026-03-29', null],
    [{ dayOffset: -1 }, '2026-02-28', 0],
    [{ dayOffset: -1 }, '2026-03-01', null],
    [{ dayOffset: 5, repeatEveryDays: 1 }, '2026-03-05', null],
  ])('%j on %s → %s', (step, date, expected) => {
    expect(stepOccurrence(step, anchor, date)).toBe(expected);
  });
});

describe('planDay with the default strategy, M1 day by day', () => {
  it('day 1: SMS and app push with the overdue amount, never a call', () => {
    const actions = plan(1);
    expect(channels(actions)).toEqual(['push', 'sms']);
    expect(actions.map((a) => a.templateCode).sort()).toEqual(['push.m1.reminder', 'sms.m1.reminder']);
    expect(actions.every((a) => a.dueDate === '2026-03-02')).toBe(true);
  });

  it('day 2: the same messages again, still no call', () => {
    expect(channels(plan(2))).toEqual(['push', 'sms']);
    expect(plan(2).every((a) => a.why.occurrence === 1)).toBe(true);
  });

  it('day 3: a call task, and no more reminders', () => {
    const actions = plan(3);
    expect(steps(actions)).toEqual(['m1f.call']);
    expect(actions[0]!.contact).toEqual({ channel: 'call', partyRole: 'self' });
    expect(actions[0]!.templateCode).toBeNull();
  });

  it('a first-time delinquent is called every other day, a repeat late payer every day', () => {
    const callDays = (over: Partial<CaseFacts>) =>
      Array.from({ length: 30 }, (_, i) => i + 1).filter((day) =>
        plan(day, over).some((a) => a.channel === 'call-task'),
      );
    expect(callDays({})).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29]);
    expect(callDays({ pastEpisodes: 1 })).toEqual(Array.from({ length: 28 }, (_, i) => i + 3));
  });

  it('no call on days 1–2 and messages only on days 1–2, over the whole of M1', () => {
    for (let day = 1; day <= 30; day += 1) {
      const ch = channels(plan(day, { pastEpisodes: 1 }));
      if (day <= 2) expect(ch).toEqual(['push', 'sms']);
      else expect(ch).toEqual(['call-task']);
    }
  });

  it('reminds the day before a promised date, and only then', () => {
    const promise = { promiseStatus: 'pending' as const };
    const due = { promiseDueDate: '2026-03-10' }; // day 9
    expect(steps(plan(8, promise, due))).toEqual(['m1f.promise.reminder']);
    // Routine calls pause while the promise is pending …
    expect(steps(plan(7, promise, due))).toEqual([]);
    expect(steps(plan(9, promise, due))).toEqual([]);
    // … and go on without one.
    expect(steps(plan(7, {}, due))).toEqual(['m1f.call']);
    const [reminder] = plan(8, promise, due);
    expect(reminder!.templateCode).toBe('sms.promise.reminder');
    expect(reminder!.why).toMatchObject({ anchor: 'promise-due', anchorDate: '2026-03-10', dayOffset: -1 });
  });

  it('sends no promise reminder for a promise already kept or broken, or without a date', () => {
    const due = { promiseDueDate: '2026-03-10' };
    expect(steps(plan(8, { promiseStatus: 'kept' }, due))).toEqual([]);
    expect(steps(plan(8, { promiseStatus: 'pending' }))).toEqual([]);
  });

  it('calls the day a promise is found broken, first in the queue, and not again for it', () => {
    const broken = { promiseStatus: 'broken' as const };
    const brokeOn = { promiseBrokenOn: '2026-03-08' }; // day 7
    const actions = plan(7, broken, brokeOn);
    expect(steps(actions)).toEqual(['m1f.promise.broken', 'm1f.call']);
    expect(actions[0]!.priority).toBe(90);
    expect(actions[0]!.why).toMatchObject({
      anchor: 'promise-broken',
      anchorDate: '2026-03-08',
      dayOffset: 0,
    });
    expect(actions[0]!.whyLine['zh-CN']).toContain('承诺跳票当天');
    expect(steps(plan(8, broken, brokeOn))).toEqual([]);
    // Without the date it was found broken, or for a promise not broken, no follow-up.
    expect(steps(plan(7, broken))).toEqual(['m1f.call']);
    expect(steps(plan(7, { promiseStatus: 'kept' }, brokeOn))).toEqual(['m1f.call']);
  });

  it('puts the higher priority first', () => {
    const actions = plan(7, { promiseStatus: 'broken', pastEpisodes: 1 }, { promiseBrokenOn: '2026-03-08' });
    expect(steps(actions)).toEqual(['m1r.promise.broken', 'm1r.call']);
    expect(actions.map((a) => a.priority)).toEqual([90, 50]);
  });
});

describe('planDay with the default strategy, M2', () => {
  it('plans a call task on every day of M2 and a notice weekly', () => {
    for (let dpd = 31; dpd <= 60; dpd += 1) {
      const actions = plan(dpd);
      expect(actions[0]!.stepId).toBe('m2.call');
      const notice = actions.some((a) => a.stepId === 'm2.sms.notice');
      expect(notice).toBe((dpd - 31) % 7 === 0);
    }
  });

  it('messages an emergency contact only when the debtor cannot be reached', () => {
    const day3 = 33; // stage day 3
    expect(steps(plan(day3))).toEqual(['m2.call']);
    const unreachable = plan(day3, { selfContactValid: false });
    expect(steps(unreachable)).toEqual(['m2.call', 'm2.emergency.callback']);
    const message = unreachable[1]!;
    expect(message.contact).toEqual({ channel: 'sms', partyRole: 'emergency' });
    expect(message.templateCode).toBe('sms.emergency.callback');
    expect(message.why.facts).toMatchObject({ selfContactValid: false, validContacts: 1 });
  });

  it('sends no emergency message when there is no valid emergency contact either', () => {
    expect(steps(plan(33, { selfContactValid: false, validContacts: 0 }))).toEqual(['m2.call']);
  });

  it('repeats the emergency message weekly, at most four times', () => {
    const days = Array.from({ length: 30 }, (_, i) => i + 31).filter((dpd) =>
      plan(dpd, { selfContactValid: false }).some((a) => a.channel === 'emergency-contact-message'),
    );
    expect(days).toEqual([33, 40, 47, 54]);
  });
});

describe('planDay with the default strategy, M3+', () => {
  it('sends the demand letter on the first day of the late stage', () => {
    const actions = plan(61);
    expect(steps(actions)).toEqual(['m3u.letter.demand']);
    expect(actions[0]!.contact).toEqual({ channel: 'letter', partyRole: 'self' });
    expect(actions[0]!.templateCode).toBe('letter.m3.demand');
    expect(steps(plan(62))).toEqual(['m3u.call']);
    expect(plan(63)).toEqual([]);
  });

  it('puts a secured loan to legal review after the letter’s 15 days', () => {
    expect(steps(plan(76, { hasCollateral: true }))).toEqual(['m3s.legal.review']);
    expect(plan(76, { hasCollateral: true })[0]!.contact).toBeNull();
  });

  it('sends a large unsecured balance to legal review and a small one to agency placement', () => {
    expect(steps(plan(76, { outstandingFen: fen(1_000_000) }))).toEqual(['m3u.legal.review']);
    expect(steps(plan(76, { outstandingFen: fen(999_999) }))).toEqual([]);
    expect(steps(plan(91, { outstandingFen: fen(999_999) }))).toEqual(['m3u.agency.candidate']);
    expect(steps(plan(91, { outstandingFen: fen(1_000_000) }))).toEqual([]);
  });

  it('plans nothing for a case moved to the legal stage (no plan there)', () => {
    expect(plan(100, { stage: 'legal' })).toEqual([]);
  });
});

describe('why this action', () => {
  it('writes the one-line reason in both locales', () => {
    const actions = plan(1);
    const sms = actions.find((a) => a.channel === 'sms')!;
    expect(sms.whyLine).toEqual({
      'zh-CN': 'M1 · 新客首逾 · 第1天 短信 · 逾期1天,逾期金额 ¥1,240.00',
      'en-US': 'M1 · First-time new customer · day 1 SMS · DPD 1, ¥1,240.00 overdue',
    });
    const push = actions.find((a) => a.channel === 'push')!;
    expect(push.whyLine).toEqual({
      'zh-CN': 'M1 · 新客首逾 · 第1天 App 推送 · 逾期1天,逾期金额 ¥1,240.00',
      'en-US': 'M1 · First-time new customer · day 1 app push · DPD 1, ¥1,240.00 overdue',
    });
  });

  it('counts stage days and days before a promised date', () => {
    const [call] = plan(45, { overdueFen: fen(98_765_43) });
    expect(call!.whyLine).toEqual({
      'zh-CN': 'M2 · M2 加强催收 · 本阶段第15天 电话任务 · 逾期45天,逾期金额 ¥98,765.43',
      'en-US': 'M2 · M2 firmer follow-up · stage day 15 call task · DPD 45, ¥98,765.43 overdue',
    });
    const [reminder] = plan(
      8,
      { pastEpisodes: 1, promiseStatus: 'pending' },
      { promiseDueDate: '2026-03-10' },
    ).filter((a) => a.stepId === 'm1r.promise.reminder');
    expect(reminder!.whyLine).toEqual({
      'zh-CN': 'M1 · 老客再逾 · 承诺还款日前1天 短信 · 逾期8天,逾期金额 ¥1,240.00',
      'en-US': 'M1 · Repeat late payer · 1 day before the promised date SMS · DPD 8, ¥1,240.00 overdue',
    });
  });

  it('records the strategy, version, segment, stage, step and the facts that produced it', () => {
    const [call] = plan(5);
    expect(call!.why).toEqual({
      strategyCode: 'default',
      version: 1,
      segmentCode: 'm1-first',
      stage: 'early',
      stepId: 'm1f.call',
      dayOffset: 2,
      anchor: 'collection-start',
      anchorDate: OPENED,
      occurrence: 1,
      facts: {
        dpd: 5,
        bucket: 'M1',
        stage: 'early',
        overdueFen: 124_000,
        pastEpisodes: 0,
        promiseStatus: 'none',
      },
    });
  });

  it('gives each action its own contact object', () => {
    const [a] = plan(3);
    a!.contact!.partyRole = 'spouse';
    expect(plan(3)[0]!.contact).toEqual({ channel: 'call', partyRole: 'self' });
  });
});

describe('planDay guards', () => {
  it('throws when the case’s segment is not in the strategy', () => {
    const c = caseOn(3);
    expect(() => planDay(DEFAULT_STRATEGY, c.facts, { ...c.context, segmentCode: 'gone' })).toThrow(
      RangeError,
    );
  });

  it('follows the sticky segment even when today’s facts would pick another', () => {
    const c = caseOn(12, { pastEpisodes: 1 });
    const actions = planDay(DEFAULT_STRATEGY, c.facts, { ...c.context, segmentCode: 'm1-first' });
    expect(actions).toEqual([]); // day 12: m1-first calls on odd days only
    expect(planDay(DEFAULT_STRATEGY, c.facts, c.context).map((a) => a.stepId)).toEqual(['m1r.call']);
  });

  it('plans nothing before the anchor date', () => {
    const c = caseOn(1);
    expect(planDay(DEFAULT_STRATEGY, c.facts, { ...c.context, businessDate: '2026-03-01' })).toEqual([]);
  });
});
