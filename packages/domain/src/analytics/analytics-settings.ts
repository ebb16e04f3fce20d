/**
 * 统计口径 the definitions institutions vary, as one validated setting: bucket edges, amount or
 * count basis, the vintage DPD threshold N, first-day or period entry, grace days, which case
 * endings count as a cure or a settlement, the roll-rate windows. Every report names the
 * settings it was computed with (GLOSSARY.md: "reports say which definition they used").
 */
import { z } from 'zod';
import { type BusinessDate, isBusinessDate } from '../calendar/business-date.js';
import type { ContactChannel } from '../compliance/gate.js';
import { DEFAULT_BUCKETS, validateBuckets } from '../delinquency/buckets.js';
import { bilingualMessage, CodedError } from '../errors/error-codes.js';

/** 结案原因 why a case closed (collection_case.close_reason). */
export type CaseCloseReason = 'cured' | 'paid_off' | 'written_off' | 'sold';
export const CASE_CLOSE_REASONS = ['cured', 'paid_off', 'written_off', 'sold'] as const;

const CONTACT_CHANNELS = [
  'call',
  'sms',
  'push',
  'email',
  'visit',
  'letter',
  'im',
] as const satisfies readonly ContactChannel[];

const Bucket = z
  .object({
    code: z.string().min(1).max(16),
    minDpd: z.int().min(0).max(100_000),
    maxDpd: z.int().min(0).max(100_000).nullable(),
  })
  .strict();

const uniqueList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .array(z.enum(values))
    .max(values.length)
    .refine((list) => new Set(list).size === list.length, 'each value at most once');

/** The analytics settings as validated data; every field has the GLOSSARY.md default. */
export const AnalyticsSettingsSchema = z
  .object({
    /** Bucket edges (逾期阶段), contiguous from DPD 0 and open at the top. */
    buckets: z
      .array(Bucket)
      .min(2)
      .max(20)
      .superRefine((buckets, ctx) => {
        const problem = validateBuckets(buckets);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
        const codes = new Set(buckets.map((b) => b.code));
        if (codes.size !== buckets.length) ctx.addIssue({ code: 'custom', message: 'bucket codes repeat' });
      })
      .default(() => DEFAULT_BUCKETS.map((b) => ({ ...b }))),
    /** Decimal places of every ratio's value (4 → "0.3000", i.e. 30.00 %). */
    decimalPlaces: z.int().min(0).max(12).default(4),
    flow: z
      .object({
        /** Balance (outstanding principal, GLOSSARY default) or number of loans. */
        basis: z.enum(['balance', 'count']).default('balance'),
        /** The multiplier multiplies the flows from the first bucket up to this one; null = the last. */
        multiplierTo: z.string().min(1).max(16).nullable().default(null),
      })
      .strict()
      .prefault({}),
    rollRate: z
      .object({
        observationMonths: z.int().min(1).max(24).default(6),
        performanceMonths: z.int().min(1).max(24).default(6),
        basis: z.enum(['count', 'balance']).default('count'),
      })
      .strict()
      .prefault({}),
    cure: z
      .object({
        /** The case endings that count as leaving to M0: a cure, optionally a payoff too. */
        reasons: uniqueList(CASE_CLOSE_REASONS).min(1).default(['cured']),
      })
      .strict()
      .prefault({}),
    entry: z
      .object({
        /** first-day: of what fell due in the period, what was still unpaid at D+1; period: entries in the period. */
        mode: z.enum(['first-day', 'period']).default('first-day'),
        basis: z.enum(['amount', 'count']).default('amount'),
        /** Days after the due date a payment still avoids entry (a loan enters on D+1+grace). */
        graceDays: z.int().min(0).max(30).default(0),
        /** all-due: everything falling due (GLOSSARY); current-due: only dues of loans not already in collection. */
        denominator: z.enum(['all-due', 'current-due']).default('all-due'),
      })
      .strict()
      .prefault({}),
    recovery: z
      .object({
        basis: z.enum(['amount', 'count']).default('amount'),
        /** The case endings that count as settled for the count basis. */
        settledReasons: uniqueList(CASE_CLOSE_REASONS).min(1).default(['cured', 'paid_off']),
      })
      .strict()
      .prefault({}),
    vintage: z
      .object({
        /** N: principal of loans with DPD ≥ N counts as bad. 31 = M2+ (逾期30天以上) under default buckets. */
        dpdThreshold: z.int().min(1).max(3650).default(31),
        /** The last month on book drawn. */
        maxMob: z.int().min(1).max(120).default(24),
      })
      .strict()
      .prefault({}),
    promises: z
      .object({
        /** Whether a partly kept promise (部分兑现) counts as kept; by default it is broken, as in segments. */
        partlyKeptCountsAsKept: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    contact: z
      .object({
        /** The channels whose attempts count for coverage and penetration (contact rate counts calls only). */
        attemptChannels: uniqueList(CONTACT_CHANNELS)
          .min(1)
          .default([...CONTACT_CHANNELS]),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((settings, ctx) => {
    const target = settings.flow.multiplierTo;
    if (target !== null) {
      const index = settings.buckets.findIndex((b) => b.code === target);
      if (index < 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['flow', 'multiplierTo'],
          message: `${target} is not a bucket after the first`,
        });
      }
    }
  });

/** 统计口径 analytics settings with every default filled in. */
export type AnalyticsSettings = z.output<typeof AnalyticsSettingsSchema>;
/** Analytics settings as an institution writes them: every field optional. */
export type AnalyticsSettingsInput = z.input<typeof AnalyticsSettingsSchema>;

/** The GLOSSARY.md defaults. */
export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = Object.freeze(AnalyticsSettingsSchema.parse({}));

/**
 * Validates settings and fills in defaults; throws ANALYTICS_SETTINGS_INVALID naming the first
 * problem, with every problem in the details.
 */
export function parseAnalyticsSettings(input: unknown): AnalyticsSettings {
  const parsed = AnalyticsSettingsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.') || 'settings';
    return {
      path,
      code: 'ANALYTICS_SETTINGS_INVALID',
      message: bilingualMessage('ANALYTICS_SETTINGS_INVALID', { reason: `${path}: ${issue.message}` }),
    };
  });
  const first = parsed.error.issues[0]!;
  throw new CodedError(
    'ANALYTICS_SETTINGS_INVALID',
    { reason: `${first.path.join('.') || 'settings'}: ${first.message}` },
    details,
  );
}

/** 统计区间 a period of business dates, both ends included. */
export interface AnalyticsPeriod {
  from: BusinessDate;
  to: BusinessDate;
}

/** Throws ANALYTICS_PERIOD_INVALID unless both ends are dates and from ≤ to. */
export function assertAnalyticsPeriod(period: AnalyticsPeriod): void {
  if (!isBusinessDate(period.from) || !isBusinessDate(period.to) || period.from > period.to) {
    throw new CodedError('ANALYTICS_PERIOD_INVALID', { from: period.from, to: period.to });
  }
}

/** True when the date is in the period (both ends included). */
export function withinPeriod(date: BusinessDate, period: AnalyticsPeriod): boolean {
  return date >= period.from && date <= period.to;
}

/** 月份 a calendar month `YYYY-MM`. */
export type Month = string;

/** Throws ANALYTICS_MONTH_INVALID unless the text is a month `YYYY-MM`. */
export function assertMonth(month: string): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CodedError('ANALYTICS_MONTH_INVALID', { month });
}

/** The month of a business date: '2026-01-31' → '2026-01'. */
export function monthOf(date: BusinessDate): Month {
  if (!isBusinessDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  return date.slice(0, 7);
}

/** The month `count` months after `month` (negative goes back). */
export function addMonthsToMonth(month: Month, count: number): Month {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + count;
  const year = Math.floor(total / 12);
  return `${String(year).padStart(4, '0')}-${String(total - year * 12 + 1).padStart(2, '0')}`;
}

/** Whole months from `from` to `to` ('2026-01' → '2026-03' is 2). */
export function monthsBetween(from: Month, to: Month): number {
  const index = (m: Month) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return index(to) - index(from);
}
