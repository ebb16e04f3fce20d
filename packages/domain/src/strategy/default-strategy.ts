/**
 * 默认策略 the strategy Huikuan ships, implementing the plan's stage playbooks
 * (seed/README.md, DESIGN.md §5):
 *
 * - M1 (early): SMS and app push on days 1 and 2 with the amount, due date and how to pay
 *   (the templates carry those), no call before day 3; calls from day 3 — every other day
 *   for a first-time delinquent, daily for a repeat late payer (habitual lateness is
 *   pressed harder); an SMS the day before a promised date. While a promise is pending the
 *   routine calls pause (the debtor is not chased before the date they gave).
 * - M2 (middle): a call task every day (the compliance gate holds the calls to the
 *   allowed hours and the daily cap), a weekly notice of the credit-report consequences,
 *   the promise reminder, and — only when the debtor's own number does not reach them
 *   and another contact is valid — a message to an emergency contact asking them to
 *   pass on that there is a matter to settle (the template discloses nothing of the debt).
 * - M3+ (late): a demand letter with a deadline on the first day (traceable mail), calls
 *   every third day, the promise reminder; secured loans go to legal review (collateral)
 *   after the letter's 15 days; unsecured balances of ¥10,000 or more go to legal review,
 *   smaller ones become agency-placement candidates after 30 days.
 *
 * - Every stage: a promise found broken gets a call task that same day (high in the queue),
 *   and the case is re-segmented (the daily run re-plans it with the broken promise).
 *
 * Segments: M1 first-time, M1 repeat, M2, M3+ secured, M3+ unsecured — a partition of the
 * open book (validateStrategy finds no gap or overlap).
 */
import { fen } from '../money/money.js';
import type { StrategyDefinition } from './strategy.js';

/** The templates the default strategy names; the channels module ships one of each. */
export const DEFAULT_TEMPLATE_CODES: readonly string[] = Object.freeze([
  'sms.m1.reminder',
  'push.m1.reminder',
  'sms.promise.reminder',
  'sms.m2.notice',
  'sms.emergency.callback',
  'letter.m3.demand',
]);

/** ¥10,000: the unsecured M3+ balance from which legal review beats agency placement. */
export const DEFAULT_LEGAL_REVIEW_MIN_FEN = fen(1_000_000);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const promiseReminder = (id: string) =>
  ({
    id,
    anchor: 'promise-due',
    dayOffset: -1, // the day before the promised date
    channel: 'sms',
    templateCode: 'sms.promise.reminder',
    priority: 30,
  }) as const;

/** A call task on the day a promise is found broken, high in the queue. */
const brokenPromiseCall = (id: string) =>
  ({
    id,
    anchor: 'promise-broken',
    dayOffset: 0,
    channel: 'call-task',
    priority: 90,
  }) as const;

/** Routine calls pause while the debtor's promise is pending. */
const NO_PENDING_PROMISE = { field: 'promiseStatus', op: 'ne', value: 'pending' } as const;

const m1Reminders = (prefix: string) =>
  [
    // Days 1 and 2: messages only, never a call first.
    {
      id: `${prefix}.sms.reminder`,
      anchor: 'collection-start',
      dayOffset: 0,
      repeatEveryDays: 1,
      maxRepeats: 1,
      channel: 'sms',
      templateCode: 'sms.m1.reminder',
      priority: 20,
    },
    {
      id: `${prefix}.push.reminder`,
      anchor: 'collection-start',
      dayOffset: 0,
      repeatEveryDays: 1,
      maxRepeats: 1,
      channel: 'push',
      templateCode: 'push.m1.reminder',
      priority: 20,
    },
  ] as const;

/** 默认策略 the shipped default strategy (deep-frozen: copy it to edit a draft). */
export const DEFAULT_STRATEGY: StrategyDefinition = deepFreeze<StrategyDefinition>({
  code: 'default',
  version: 1,
  name: { 'zh-CN': '默认催收策略', 'en-US': 'Default collection strategy' },
  segments: [
    {
      code: 'm1-first',
      name: { 'zh-CN': '新客首逾', 'en-US': 'First-time new customer' },
      condition: {
        all: [
          { field: 'dpd', op: 'between', value: [1, 30] },
          { field: 'pastEpisodes', op: 'eq', value: 0 },
        ],
      },
    },
    {
      code: 'm1-repeat',
      name: { 'zh-CN': '老客再逾', 'en-US': 'Repeat late payer' },
      condition: {
        all: [
          { field: 'dpd', op: 'between', value: [1, 30] },
          { field: 'pastEpisodes', op: 'gte', value: 1 },
        ],
      },
    },
    {
      code: 'm2',
      name: { 'zh-CN': 'M2 加强催收', 'en-US': 'M2 firmer follow-up' },
      condition: { field: 'dpd', op: 'between', value: [31, 60] },
    },
    {
      code: 'm3-secured',
      name: { 'zh-CN': 'M3+ 有抵押', 'en-US': 'M3+ secured' },
      condition: {
        all: [
          { field: 'dpd', op: 'gte', value: 61 },
          { field: 'hasCollateral', op: 'eq', value: true },
        ],
      },
    },
    {
      code: 'm3-unsecured',
      name: { 'zh-CN': 'M3+ 无抵押', 'en-US': 'M3+ unsecured' },
      condition: {
        all: [
          { field: 'dpd', op: 'gte', value: 61 },
          { field: 'hasCollateral', op: 'eq', value: false },
        ],
      },
    },
  ],
  plans: [
    {
      segmentCode: 'm1-first',
      stage: 'early',
      steps: [
        ...m1Reminders('m1f'),
        // From day 3, every other day while in M1: a first lapse is pressed gently.
        {
          id: 'm1f.call',
          anchor: 'collection-start',
          dayOffset: 2,
          condition: NO_PENDING_PROMISE,
          repeatEveryDays: 2,
          channel: 'call-task',
          priority: 40,
        },
        promiseReminder('m1f.promise.reminder'),
        brokenPromiseCall('m1f.promise.broken'),
      ],
    },
    {
      segmentCode: 'm1-repeat',
      stage: 'early',
      steps: [
        ...m1Reminders('m1r'),
        {
          id: 'm1r.call',
          anchor: 'collection-start',
          dayOffset: 2,
          condition: NO_PENDING_PROMISE,
          repeatEveryDays: 1,
          channel: 'call-task',
          priority: 50,
        },
        promiseReminder('m1r.promise.reminder'),
        brokenPromiseCall('m1r.promise.broken'),
      ],
    },
    {
      segmentCode: 'm2',
      stage: 'middle',
      steps: [
        {
          id: 'm2.call',
          anchor: 'stage-start',
          dayOffset: 0,
          condition: NO_PENDING_PROMISE,
          repeatEveryDays: 1,
          channel: 'call-task',
          priority: 60,
        },
        {
          id: 'm2.sms.notice',
          anchor: 'stage-start',
          dayOffset: 0,
          repeatEveryDays: 7,
          channel: 'sms',
          templateCode: 'sms.m2.notice',
          priority: 30,
        },
        {
          // Only when the debtor cannot be reached on their own number (the plan's M2 rule).
          id: 'm2.emergency.callback',
          anchor: 'stage-start',
          dayOffset: 2,
          repeatEveryDays: 7,
          maxRepeats: 3,
          channel: 'emergency-contact-message',
          templateCode: 'sms.emergency.callback',
          condition: {
            all: [
              { field: 'selfContactValid', op: 'eq', value: false },
              { field: 'validContacts', op: 'gte', value: 1 },
            ],
          },
          priority: 50,
        },
        promiseReminder('m2.promise.reminder'),
        brokenPromiseCall('m2.promise.broken'),
      ],
    },
    {
      segmentCode: 'm3-secured',
      stage: 'late',
      steps: [
        {
          id: 'm3s.letter.demand',
          anchor: 'stage-start',
          dayOffset: 0,
          channel: 'letter',
          templateCode: 'letter.m3.demand',
          priority: 70,
        },
        {
          id: 'm3s.call',
          anchor: 'stage-start',
          dayOffset: 1,
          repeatEveryDays: 3,
          channel: 'call-task',
          priority: 50,
        },
        // Collateral assessment and the legal route once the letter's deadline has passed.
        {
          id: 'm3s.legal.review',
          anchor: 'stage-start',
          dayOffset: 15,
          channel: 'legal-review',
          priority: 80,
        },
        promiseReminder('m3s.promise.reminder'),
        brokenPromiseCall('m3s.promise.broken'),
      ],
    },
    {
      segmentCode: 'm3-unsecured',
      stage: 'late',
      steps: [
        {
          id: 'm3u.letter.demand',
          anchor: 'stage-start',
          dayOffset: 0,
          channel: 'letter',
          templateCode: 'letter.m3.demand',
          priority: 70,
        },
        {
          id: 'm3u.call',
          anchor: 'stage-start',
          dayOffset: 1,
          repeatEveryDays: 3,
          channel: 'call-task',
          priority: 50,
        },
        {
          id: 'm3u.legal.review',
          anchor: 'stage-start',
          dayOffset: 15,
          channel: 'legal-review',
          condition: { field: 'outstandingFen', op: 'gte', value: DEFAULT_LEGAL_REVIEW_MIN_FEN },
          priority: 80,
        },
        {
          id: 'm3u.agency.candidate',
          anchor: 'stage-start',
          dayOffset: 30,
          channel: 'agency-placement-candidate',
          condition: { field: 'outstandingFen', op: 'lt', value: DEFAULT_LEGAL_REVIEW_MIN_FEN },
          priority: 60,
        },
        promiseReminder('m3u.promise.reminder'),
        brokenPromiseCall('m3u.promise.broken'),
      ],
    },
  ],
});
