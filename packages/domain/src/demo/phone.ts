/**
 * 手机号 mainland mobile numbers for demo data: 11 digits behind a real carrier prefix.
 * The numbers are random, not taken from anyone; they are only well-formed.
 */
import type { Rng } from './prng.js';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** 号段 3-digit mobile prefixes in public use (174 is the satellite band, left out). */
export const MOBILE_PREFIXES: readonly string[] = [
  ...range(130, 139),
  ...range(150, 153),
  ...range(155, 159),
  166,
  ...range(170, 173),
  ...range(175, 178),
  ...range(180, 189),
  191,
  195,
  198,
  199,
].map(String);

const PREFIX_SET: ReadonlySet<string> = new Set(MOBILE_PREFIXES);

/** 生成手机号 a random well-formed 11-digit mobile number. */
export function makeMobile(rng: Rng): string {
  const prefix = rng.pick(MOBILE_PREFIXES);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** True when the text is 11 digits starting with a known mobile prefix. */
export function isMobileNumber(text: string): boolean {
  return /^1\d{10}$/.test(text) && PREFIX_SET.has(text.slice(0, 3));
}
