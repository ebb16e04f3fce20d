/**
 * 比率 a KPI's ratio kept as the exact fraction it was computed from, with a decimal text for
 * display. Never a float: a dashboard shows "3,000 / 10,000 = 0.3000", and sums over groups
 * stay exact because numerators and denominators are integers (fen or counts).
 */

/** An exact ratio of two integers with its value rounded half-up; value null when denominator is 0. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator rounded half-up to the settings' decimal places ("0.3000"); null for ÷ 0. */
  value: string | null;
}

/**
 * A ratio whose numerator and denominator may exceed 2⁵³ (a product of ratios such as the
 * collection multiplier), as integer texts so it survives JSON.
 */
export interface BigRatio {
  numerator: string;
  denominator: string;
  value: string | null;
}

function assertSafeInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`The ${what} of a ratio must be a safe integer: ${n}`);
}

function assertPlaces(places: number): void {
  if (!Number.isInteger(places) || places < 0 || places > 12) {
    throw new RangeError(`Decimal places must be an integer from 0 to 12: ${places}`);
  }
}

/**
 * numerator ÷ denominator rounded half-up (away from zero) to `places` decimals, as text.
 * Done in BigInt, not decimal.js: decimal.js divides to 20 significant digits first, so a
 * quotient such as 0.123449999…(25 nines) would round twice and come out 0.1235; integer
 * division rounds once, exactly.
 */
export function divideRounded(numerator: bigint, denominator: bigint, places: number): string | null {
  assertPlaces(places);
  if (denominator === 0n) return null;
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const scaled = n * 10n ** BigInt(places);
  const rounded = (2n * scaled + d) / (2n * d); // floor(x + 1/2): half-up on the magnitude
  const digits = rounded.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places);
  const text = places === 0 ? whole : `${whole}.${fraction}`;
  return negative && rounded !== 0n ? `-${text}` : text;
}

/** The ratio numerator ÷ denominator of two safe integers (fen or counts). */
export function ratio(numerator: number, denominator: number, places = 4): Ratio {
  assertSafeInteger(numerator, 'numerator');
  assertSafeInteger(denominator, 'denominator');
  return { numerator, denominator, value: divideRounded(BigInt(numerator), BigInt(denominator), places) };
}

/**
 * The exact product of ratios (numerators multiplied, denominators multiplied, not reduced so a
 * reader can retrace it); value null when any factor has a zero denominator, or when there are
 * no factors at all.
 */
export function productOfRatios(factors: readonly Ratio[], places = 4): BigRatio {
  let numerator = 1n;
  let denominator = 1n;
  for (const f of factors) {
    numerator *= BigInt(f.numerator);
    denominator *= BigInt(f.denominator);
  }
  const value = factors.length === 0 ? null : divideRounded(numerator, denominator, places);
  return { numerator: numerator.toString(), denominator: denominator.toString(), value };
}
