/**
 * 实验结果 results of a champion/challenger experiment per variant — cure rate with a Wilson
 * 95% interval, amount recovered, contacts spent — and the pooled two-proportion z-test that
 * compares two variants' cure rates. Also the distribution functions these need (normal and
 * chi-square), written out here so the domain has no numeric dependency:
 *   - erfc: for x < 2.5 the everywhere-positive series
 *       erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))   (Abramowitz–Stegun 7.1.6),
 *     which has no cancellation; beyond, the continued fraction (A–S 7.1.14) by Lentz's method,
 *     which keeps relative precision in the far tail. Both to about 1e-15.
 *   - the chi-square survival function is the regularized upper incomplete gamma function
 *     Q(k/2, x/2), by series or continued fraction (Numerical Recipes §6.2), with a Lanczos
 *     log-gamma; critical values are found by bisection.
 */
import { Decimal } from 'decimal.js';
import { type Fen, roundFen, sumFen } from '../money/money.js';

/** The z value of a two-sided 95% interval: Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

const SQRT_PI = Math.sqrt(Math.PI);

/** Lentz's method for a continued fraction b0 + a1/(b1 + a2/(b2 + …)), terms given from index 1. */
function continuedFraction(b0: number, term: (n: number) => { a: number; b: number }): number {
  const tiny = 1e-300;
  let f = b0 === 0 ? tiny : b0;
  let c = f;
  let d = 0;
  for (let n = 1; n <= 10_000; n++) {
    const { a, b } = term(n);
    d = b + a * d;
    if (d === 0) d = tiny;
    c = b + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return f;
}

/** 互补误差函数 the complementary error function erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; term > sum * 1e-17; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-x * x) * sum;
  }
  if (x > 27) return 0; // below the smallest double
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  const fraction = continuedFraction(x, (n) => ({ a: n / 2, b: x }));
  return Math.exp(-x * x) / SQRT_PI / fraction;
}

/** 标准正态分布函数 Φ(z), the standard normal cumulative distribution function. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** The two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|). */
export function twoSidedPValue(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; about 15 significant digits). */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma needs x > 0: ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0]!;
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || x < 0 || Number.isNaN(x)) throw new RangeError(`Q(a, x) needs a > 0 and x ≥ 0: ${a}, ${x}`);
  if (x === 0) return 1;
  const logPrefix = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    // P(a, x) by its series; Q = 1 − P.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000 && Math.abs(term) > Math.abs(sum) * 1e-17; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  // Q(a, x) = e^(−x) x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …)))
  const fraction = continuedFraction(x + 1 - a, (n) => ({ a: -n * (n - a), b: x + 1 - a + 2 * n }));
  return Math.exp(logPrefix) / fraction;
}

/** P(X ≥ x) for X chi-square distributed with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1)
    throw new RangeError(`Degrees of freedom must be a positive integer: ${df}`);
  return x <= 0 ? 1 : regularizedGammaQ(df / 2, x / 2);
}

/** The chi-square value exceeded with probability 1 − confidence (e.g. 10.828 for df 1 at 0.999). */
export function chiSquareCriticalValue(df: number, confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`Confidence must be in (0, 1): ${confidence}`);
  const alpha = 1 - confidence;
  let high = Math.max(1, df);
  while (chiSquareSurvival(high, df) > alpha) high *= 2;
  let low = 0;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    if (chiSquareSurvival(mid, df) > alpha) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** A confidence interval of a proportion. */
export interface ProportionInterval {
  lower: number;
  upper: number;
}

function checkCounts(successes: number, trials: number): void {
  if (!Number.isSafeInteger(trials) || trials < 0 || !Number.isSafeInteger(successes) || successes < 0) {
    throw new RangeError(`Counts must be non-negative whole numbers: ${successes} of ${trials}`);
  }
  if (successes > trials) throw new RangeError(`More successes than trials: ${successes} of ${trials}`);
}

/**
 * Wilson 得分区间 the Wilson score interval of successes/trials (95% by default); null with no
 * trials. Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and is honest at 0 and at n successes.
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  z: number = Z_95,
): ProportionInterval | null {
  checkCounts(successes, trials);
  if (trials === 0) return null;
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  // The ends are exactly 0 and 1 at the edges; rounding must not push them past.
  return {
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

/** The result of comparing two proportions. */
export interface ProportionTest {
  /** pA − pB */
  difference: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * 两比例 z 检验 the pooled two-proportion z-test of A against B:
 * z = (pA − pB) / √(p̂(1 − p̂)(1/nA + 1/nB)), p̂ = (xA + xB)/(nA + nB); null when a side has no
 * trials. When both proportions are 0 (or both 1) there is no spread and no evidence: z = 0, p = 1.
 */
export function twoProportionZTest(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
): ProportionTest | null {
  checkCounts(successesA, trialsA);
  checkCounts(successesB, trialsB);
  if (trialsA === 0 || trialsB === 0) return null;
  const pA = successesA / trialsA;
  const pB = successesB / trialsB;
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (se === 0) return { difference: pA - pB, z: 0, pValue: 1 };
  const z = (pA - pB) / se;
  return { difference: pA - pB, z, pValue: twoSidedPValue(z) };
}

// ---------------------------------------------------------------------------------------------
// Results per variant

/** 实验案件结果 what happened to one case of an experiment during its performance window. */
export interface ExperimentCaseOutcome {
  /** The variant the case was assigned to; null for the holdout. */
  variantId: string | null;
  /** 出催 cured (left collection to M0) within the window. */
  cured: boolean;
  /** Collected on the case within the window. */
  recoveredFen: Fen;
  /** Contact attempts spent on the case (calls, messages, letters, visits). */
  contacts: number;
}

/** 变体结果 the results of one variant (or of the holdout, variantId null). */
export interface VariantResult {
  variantId: string | null;
  cases: number;
  cured: number;
  /** cured ÷ cases; null with no cases. */
  cureRate: number | null;
  /** Wilson 95% interval of the cure rate; null with no cases. */
  cureRateInterval: ProportionInterval | null;
  recoveredFen: Fen;
  /** recovered ÷ cases, rounded half-up to the fen; null with no cases. */
  meanRecoveredFen: Fen | null;
  contacts: number;
  /** contacts ÷ cases; null with no cases. */
  contactsPerCase: number | null;
}

/**
 * 分组统计 results per arm, in the order of `arms` (variant ids, null for the holdout); an arm
 * with no cases is listed with null rates. An outcome for an arm not listed is a caller error.
 */
export function variantResults(
  arms: readonly (string | null)[],
  outcomes: readonly ExperimentCaseOutcome[],
): VariantResult[] {
  const groups = new Map<
    string | null,
    { cases: number; cured: number; recovered: Fen[]; contacts: number }
  >();
  for (const arm of arms) groups.set(arm, { cases: 0, cured: 0, recovered: [], contacts: 0 });
  for (const o of outcomes) {
    const g = groups.get(o.variantId);
    if (!g) throw new RangeError(`Outcome for an arm that is not in the experiment: ${String(o.variantId)}`);
    if (!Number.isSafeInteger(o.contacts) || o.contacts < 0) {
      throw new RangeError(`Contacts must be a non-negative whole number: ${o.contacts}`);
    }
    g.cases++;
    if (o.cured) g.cured++;
    g.recovered.push(o.recoveredFen);
    g.contacts += o.contacts;
  }
  return [...groups].map(([variantId, g]) => {
    const recoveredFen = sumFen(g.recovered);
    const any = g.cases > 0;
    return {
      variantId,
      cases: g.cases,
      cured: g.cured,
      cureRate: any ? g.cured / g.cases : null,
      cureRateInterval: wilsonInterval(g.cured, g.cases),
      recoveredFen,
      meanRecoveredFen: any ? roundFen(new Decimal(recoveredFen).dividedBy(g.cases)) : null,
      contacts: g.contacts,
      contactsPerCase: any ? g.contacts / g.cases : null,
    };
  });
}

/**
 * 冠军/挑战者比较 the challenger's cure rate against the champion's: difference
 * (challenger − champion), pooled z and two-sided p-value; null when either has no cases.
 */
export function compareCureRates(champion: VariantResult, challenger: VariantResult): ProportionTest | null {
  return twoProportionZTest(challenger.cured, challenger.cases, champion.cured, champion.cases);
}
