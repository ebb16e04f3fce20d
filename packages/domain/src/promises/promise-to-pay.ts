/**
 * 承诺还款 PTP: a debtor's promise to pay an amount by a date, taken by a collector (or given
 * by the debtor on the self-service page). A promise is checked when it is taken (an amount
 * the debtor owes, a date within the institution's limit) and then follows the payments:
 *
 * - kept (兑现): the payments received since the promise was taken reach the amount — at
 *   once, when the payment is posted;
 * - partly kept (部分兑现) / broken (跳票): the promised date plus the grace days went by with
 *   less (some / nothing) paid — decided by the daily run;
 * - cancelled: withdrawn by a collector before it was due (e.g. replaced by an arrangement).
 *
 * Segment conditions see partly kept as broken: the debtor did not do what they promised.
 */
import { addDays, type BusinessDate, daysBetween, isBusinessDate } from '../calendar/business-date.js';
import { CodedError } from '../errors/error-codes.js';
import { type Fen, formatCny } from '../money/money.js';
import type { PromiseStatus } from '../strategy/segment-conditions.js';

/** The stored states of a promise. */
export type PromiseState = 'pending' | 'kept' | 'partly_kept' | 'broken' | 'cancelled';
export const PROMISE_STATES = Object.freeze([
  'pending',
  'kept',
  'partly_kept',
  'broken',
  'cancelled',
] as const);

/** 承诺规则 the institution's limits on promises (a setting). */
export interface PromisePolicy {
  /** The latest promised date, in days after the business date the promise is taken on. */
  maxDaysAhead: number;
  /** Days after the promised date a payment still keeps the promise (bank transfers settle late). */
  graceDays: number;
}

export const DEFAULT_PROMISE_POLICY: Readonly<PromisePolicy> = Object.freeze({
  maxDaysAhead: 14,
  graceDays: 1,
});

/** Bounds of the policy's settings. */
export const PROMISE_POLICY_LIMITS = Object.freeze({
  maxDaysAhead: { min: 1, max: 90 },
  graceDays: { min: 0, max: 7 },
});

/** Throws PROMISE_POLICY_INVALID naming the setting when a policy is out of bounds. */
export function assertPromisePolicy(policy: PromisePolicy): void {
  for (const key of ['maxDaysAhead', 'graceDays'] as const) {
    const value = policy[key];
    const { min, max } = PROMISE_POLICY_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new CodedError('PROMISE_POLICY_INVALID', { field: key, value: String(value), min, max });
    }
  }
}

/** A promise as it is being taken. */
export interface PromiseRequest {
  amountFen: Fen;
  dueOn: BusinessDate;
}

/**
 * Checks a new promise against what the debtor owes today and the policy; throws the coded
 * error naming what is wrong (an amount of nothing or more than is owed, a date past, too far
 * ahead or not a date).
 */
export function checkPromise(
  request: PromiseRequest,
  context: { businessDate: BusinessDate; owedFen: Fen; policy: PromisePolicy },
): void {
  const { amountFen, dueOn } = request;
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new CodedError('PROMISE_AMOUNT_INVALID', { amount: String(amountFen) });
  }
  if (amountFen > context.owedFen) {
    throw new CodedError('PROMISE_EXCEEDS_BALANCE', {
      amount: formatCny(amountFen),
      owed: formatCny(context.owedFen),
    });
  }
  if (!isBusinessDate(dueOn)) throw new CodedError('PROMISE_DATE_INVALID', { date: dueOn });
  if (dueOn < context.businessDate) {
    throw new CodedError('PROMISE_DATE_PAST', { date: dueOn, today: context.businessDate });
  }
  const latest = addDays(context.businessDate, context.policy.maxDaysAhead);
  if (dueOn > latest) {
    throw new CodedError('PROMISE_DATE_TOO_FAR', {
      date: dueOn,
      latest,
      days: context.policy.maxDaysAhead,
    });
  }
}

/** The last business date a payment keeps a promise due on `dueOn`. */
export function promiseDeadline(dueOn: BusinessDate, policy: Pick<PromisePolicy, 'graceDays'>): BusinessDate {
  return addDays(dueOn, policy.graceDays);
}

/**
 * Where a pending promise stands on a business date, given what has been paid towards it
 * since it was taken: kept once the amount is reached; after the deadline partly kept (some
 * paid) or broken (nothing paid); pending before it. Settled states never change here.
 */
export function promiseProgress(
  promise: { state: PromiseState; amountFen: Fen; dueOn: BusinessDate },
  paidFen: Fen,
  businessDate: BusinessDate,
  policy: Pick<PromisePolicy, 'graceDays'>,
): PromiseState {
  if (promise.state !== 'pending') return promise.state;
  if (paidFen >= promise.amountFen) return 'kept';
  if (daysBetween(promiseDeadline(promise.dueOn, policy), businessDate) > 0) {
    return paidFen > 0 ? 'partly_kept' : 'broken';
  }
  return 'pending';
}

/**
 * The promise fact segment conditions and step anchors see: the state of the case's latest
 * promise (none when there is none or it was cancelled; partly kept counts as broken).
 */
export function promiseFact(state: PromiseState | null | undefined): PromiseStatus {
  switch (state) {
    case 'pending':
      return 'pending';
    case 'kept':
      return 'kept';
    case 'partly_kept':
    case 'broken':
      return 'broken';
    default:
      return 'none';
  }
}
