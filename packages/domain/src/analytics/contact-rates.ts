/**
 * 联络指标 contact KPIs (GLOSSARY.md): contact rate 接通率 = connected calls ÷ dialed;
 * coverage 覆盖率 = cases attempted ÷ cases held; penetration 渗透率 = attempts ÷ cases.
 */
import type { BusinessDate } from '../calendar/business-date.js';
import type { ContactChannel } from '../compliance/gate.js';
import {
  type AnalyticsPeriod,
  type AnalyticsSettings,
  assertAnalyticsPeriod,
  DEFAULT_ANALYTICS_SETTINGS,
  withinPeriod,
} from './analytics-settings.js';
import type { Dimensioned } from './dimensions.js';
import { type Ratio, ratio } from './ratio.js';

/** 联络尝试 one contact attempt (a dial, a message, a visit) on a case. */
export interface ContactAttemptRecord extends Dimensioned {
  caseId: string;
  on: BusinessDate;
  channel: ContactChannel;
  /** The call was answered (接通). */
  connected: boolean;
  /** 本人接通 the debtor in person was reached (a right-party contact). */
  rightParty: boolean;
}

/** 在催案件 a case held during the period. */
export interface HeldCaseRecord extends Dimensioned {
  caseId: string;
}

/** Contact rate: calls connected ÷ calls dialed in the period. */
export function contactRate(
  attempts: readonly ContactAttemptRecord[],
  period: AnalyticsPeriod,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): Ratio {
  assertAnalyticsPeriod(period);
  let dialed = 0;
  let connected = 0;
  for (const a of attempts) {
    if (a.channel !== 'call' || !withinPeriod(a.on, period)) continue;
    dialed += 1;
    if (a.connected) connected += 1;
  }
  return ratio(connected, dialed, settings.decimalPlaces);
}

export interface CoverageAndPenetration {
  /** Held cases with at least one attempt ÷ held cases. */
  coverage: Ratio;
  /** Attempts on held cases ÷ held cases. */
  penetration: Ratio;
}

/**
 * Coverage and penetration of the cases held in the period, counting attempts in the period on
 * those cases over the settings' channels (every channel by default). Attempts on cases not in
 * the list (held by someone else) do not count.
 */
export function coverageAndPenetration(
  input: { cases: readonly HeldCaseRecord[]; attempts: readonly ContactAttemptRecord[] },
  period: AnalyticsPeriod,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): CoverageAndPenetration {
  assertAnalyticsPeriod(period);
  const channels = new Set<string>(settings.contact.attemptChannels);
  const attemptsPerCase = new Map<string, number>();
  for (const c of input.cases) attemptsPerCase.set(c.caseId, 0);
  for (const a of input.attempts) {
    const seen = attemptsPerCase.get(a.caseId);
    if (seen === undefined || !channels.has(a.channel) || !withinPeriod(a.on, period)) continue;
    attemptsPerCase.set(a.caseId, seen + 1);
  }
  let attempted = 0;
  let attempts = 0;
  for (const n of attemptsPerCase.values()) {
    if (n > 0) attempted += 1;
    attempts += n;
  }
  return coverageFromCounts({ held: attemptsPerCase.size, attempted, attempts }, settings);
}

/** Coverage and penetration from counts already aggregated (held cases, those attempted, attempts on them). */
export function coverageFromCounts(
  counts: { held: number; attempted: number; attempts: number },
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): CoverageAndPenetration {
  return {
    coverage: ratio(counts.attempted, counts.held, settings.decimalPlaces),
    penetration: ratio(counts.attempts, counts.held, settings.decimalPlaces),
  };
}
