/**
 * 冠军/挑战者分流 champion/challenger split: a case goes to a variant by a stable hash, so the
 * same case lands in the same arm on every run, on every machine, with no stored random state.
 *
 *   bucket = ⌊murmur3_32(UTF-8 of `${experimentId}:${caseId}`, seed 0) × 10000 / 2³²⌋ ∈ [0, 10000)
 *
 * Arms take consecutive bucket ranges in the order listed — the variants, then the holdout —
 * each as wide as its share in basis points (10000 = 100%). The experiment id is part of the
 * key, so two experiments split the same cases independently. The assignment is recorded by the
 * caller (sticky per case); changing shares later moves the boundaries, not recorded cases.
 *
 * The A/A check hashes many synthetic ids and asks whether the arm counts fit the shares
 * (chi-square goodness of fit at 99.9%): a guard that the splitter is unbiased.
 */
import { z } from 'zod';
import { bilingualMessage, CodedError, type ErrorCode, type Locale } from '../errors/error-codes.js';
import { chiSquareCriticalValue, chiSquareSurvival } from './stats.js';

/** Buckets of the split: shares are in basis points of this. */
export const SPLIT_BUCKETS = 10_000;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** 策略变体 one arm of an experiment; the caller maps its id to a strategy version. */
export const ExperimentVariant = z
  .object({
    id: z.string().regex(ID_RE),
    shareBps: z.number().int().min(1).max(SPLIT_BUCKETS),
  })
  .strict();
/** 策略变体 one arm of an experiment. */
export type ExperimentVariant = z.infer<typeof ExperimentVariant>;

/** 实验 a champion/challenger experiment: variants with shares and an optional holdout (留出组). */
export const Experiment = z
  .object({
    id: z.string().regex(ID_RE),
    variants: z.array(ExperimentVariant).min(1).max(100),
    holdoutShareBps: z
      .number()
      .int()
      .min(0)
      .max(SPLIT_BUCKETS - 1)
      .optional(),
  })
  .strict();
/** 实验 a champion/challenger experiment. */
export type Experiment = z.infer<typeof Experiment>;

// ---------------------------------------------------------------------------------------------
// Hash

function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return bytes;
}

/** MurmurHash3 x86_32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function murmur3Hash32(text: string, seed = 0): number {
  const data = utf8(text);
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = data.length - (data.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = data.length & 3;
  if (tail > 0) {
    // The last 1–3 bytes, little-endian, mixed once.
    let k = 0;
    for (let j = tail - 1; j >= 0; j--) k = (k << 8) | data[blocks + j]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 分桶 the bucket in [0, 10000) of a case in an experiment. */
export function splitBucket(experimentId: string, caseId: string): number {
  // Scaling, not modulo, keeps every bucket within one 2³²-step of equal width.
  return Math.floor((murmur3Hash32(`${experimentId}:${caseId}`) * SPLIT_BUCKETS) / 2 ** 32);
}

// ---------------------------------------------------------------------------------------------
// Validation

/** 实验问题 one problem of an experiment's settings. */
export interface ExperimentIssue {
  path: string;
  code: ErrorCode;
  params: Record<string, unknown>;
  message: Record<Locale, string>;
}

const HOLDOUT_LABEL = 'holdout';

/**
 * 分流校验 every problem of an experiment's settings: ids, whole-number shares (a variant at
 * least 1 bp, the holdout 0 or more), shares adding up to exactly 10000, unique variant ids,
 * at least two arms. Empty when the experiment may run.
 */
export function validateExperiment(experiment: Experiment): ExperimentIssue[] {
  const issues: ExperimentIssue[] = [];
  const add = (path: string, code: ErrorCode, params: Record<string, unknown> = {}) =>
    issues.push({ path, code, params, message: bilingualMessage(code, params) });
  if (typeof experiment.id !== 'string' || !ID_RE.test(experiment.id)) add('id', 'SOURCE_REF_INVALID');
  const seen = new Set<string>();
  let total = 0;
  let totalIsValid = true;
  experiment.variants.forEach((v, i) => {
    if (typeof v.id !== 'string' || !ID_RE.test(v.id)) add(`variants[${i}].id`, 'SOURCE_REF_INVALID');
    else if (seen.has(v.id)) add(`variants[${i}].id`, 'EXPERIMENT_VARIANT_DUPLICATE', { variant: v.id });
    seen.add(v.id);
    if (!Number.isSafeInteger(v.shareBps) || v.shareBps < 1 || v.shareBps > SPLIT_BUCKETS) {
      add(`variants[${i}].shareBps`, 'EXPERIMENT_SHARE_INVALID', { arm: v.id, min: 1 });
      totalIsValid = false;
    } else total += v.shareBps;
  });
  const holdout = experiment.holdoutShareBps ?? 0;
  if (!Number.isSafeInteger(holdout) || holdout < 0 || holdout >= SPLIT_BUCKETS) {
    add('holdoutShareBps', 'EXPERIMENT_SHARE_INVALID', { arm: HOLDOUT_LABEL, min: 0 });
    totalIsValid = false;
  } else total += holdout;
  if (totalIsValid && total !== SPLIT_BUCKETS) add('variants', 'EXPERIMENT_SHARES_NOT_FULL', { total });
  const arms = experiment.variants.length + (holdout > 0 ? 1 : 0);
  if (arms < 2) add('variants', 'EXPERIMENT_TOO_FEW_ARMS');
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Assignment

/** One arm and its bucket range [from, to). variantId null is the holdout. */
export interface ExperimentArm {
  variantId: string | null;
  shareBps: number;
  from: number;
  to: number;
}

/** The arms of a valid experiment with their bucket ranges, variants first, holdout last. */
export function experimentArms(experiment: Experiment): ExperimentArm[] {
  const issues = validateExperiment(experiment);
  if (issues.length > 0) {
    throw new CodedError(
      'EXPERIMENT_INVALID',
      { count: issues.length },
      issues.map(({ path, code, message }) => ({ path, code, message })),
    );
  }
  const arms: ExperimentArm[] = [];
  let from = 0;
  for (const v of experiment.variants) {
    arms.push({ variantId: v.id, shareBps: v.shareBps, from, to: from + v.shareBps });
    from += v.shareBps;
  }
  const holdout = experiment.holdoutShareBps ?? 0;
  if (holdout > 0) arms.push({ variantId: null, shareBps: holdout, from, to: from + holdout });
  return arms;
}

/** 分流结果 the arm of one case. */
export interface ExperimentAssignment {
  /** The variant, or null for the holdout. */
  variantId: string | null;
  bucket: number;
}

function armOf(arms: readonly ExperimentArm[], bucket: number): ExperimentArm {
  for (const arm of arms) if (bucket < arm.to) return arm;
  return arms[arms.length - 1]!; // unreachable: the ranges cover [0, 10000)
}

/**
 * 分配变体 the arm a case belongs to: the same for the same experiment and case on every call.
 * Throws CodedError('EXPERIMENT_INVALID') for settings that validateExperiment refuses.
 */
export function assignVariant(experiment: Experiment, caseId: string): ExperimentAssignment {
  const bucket = splitBucket(experiment.id, caseId);
  return { variantId: armOf(experimentArms(experiment), bucket).variantId, bucket };
}

// ---------------------------------------------------------------------------------------------
// A/A check

/** A chi-square goodness-of-fit test. */
export interface ChiSquareFit {
  statistic: number;
  degreesOfFreedom: number;
  criticalValue: number;
  pValue: number;
  /** statistic ≤ criticalValue: the counts fit the expectation at the confidence asked. */
  fits: boolean;
}

/** Pearson's chi-square goodness of fit of observed counts to expected counts (99.9% by default). */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  expected: readonly number[],
  confidence = 0.999,
): ChiSquareFit {
  if (observed.length !== expected.length || observed.length < 2) {
    throw new RangeError('Need the same number (at least 2) of observed and expected counts');
  }
  let statistic = 0;
  observed.forEach((o, i) => {
    const e = expected[i]!;
    if (!(e > 0)) throw new RangeError(`Expected counts must be positive: ${e}`);
    statistic += (o - e) ** 2 / e;
  });
  const degreesOfFreedom = observed.length - 1;
  const criticalValue = chiSquareCriticalValue(degreesOfFreedom, confidence);
  return {
    statistic,
    degreesOfFreedom,
    criticalValue,
    pValue: chiSquareSurvival(statistic, degreesOfFreedom),
    fits: statistic <= criticalValue,
  };
}

/** The result of an A/A check: the counts per arm and the fit of the counts to the shares. */
export interface AaCheckResult extends ChiSquareFit {
  ids: number;
  arms: readonly { variantId: string | null; expected: number; observed: number }[];
}

/**
 * A/A 检验 splits the given (synthetic) case ids and tests whether the arm counts match the
 * shares: an unbiased splitter fits at 99.9% all but once in a thousand id sets.
 */
export function aaCheck(
  experiment: Experiment,
  caseIds: Iterable<string>,
  confidence = 0.999,
): AaCheckResult {
  const arms = experimentArms(experiment);
  const observed = arms.map(() => 0);
  let ids = 0;
  for (const caseId of caseIds) {
    const bucket = splitBucket(experiment.id, caseId);
    observed[arms.indexOf(armOf(arms, bucket))]!++;
    ids++;
  }
  const expected = arms.map((a) => (ids * a.shareBps) / SPLIT_BUCKETS);
  const fit = chiSquareGoodnessOfFit(observed, expected, confidence);
  return {
    ...fit,
    ids,
    arms: arms.map((a, i) => ({ variantId: a.variantId, expected: expected[i]!, observed: observed[i]! })),
  };
}
