/**
 * 居民身份证号码 mainland resident ID numbers per GB 11643-1999: a 6-digit region code,
 * an 8-digit birth date, a 3-digit order code whose last digit is odd for men and even for
 * women, and an ISO 7064 MOD 11-2 check character.
 */
import { type BusinessDate, isBusinessDate } from '../calendar/business-date.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const ID_RE = /^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

/** 校验码 the check character (0–9 or X) for the first 17 digits of an ID number. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(`An ID check digit needs exactly 17 digits, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** True when the text is an 18-character ID number with a real birth date and a correct check character. */
export function isValidIdNumber(id: string): boolean {
  // Only an upper-case X is canonical; callers normalise user input before asking.
  const m = ID_RE.exec(id);
  if (!m) return false;
  const birth = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isBusinessDate(birth) || birth < '1900-01-01') return false;
  return idCheckDigit(id.slice(0, 17)) === id.charAt(17);
}

/** 出生日期 the birth date an ID number carries, or null when the ID is not valid. */
export function idBirthDate(id: string): BusinessDate | null {
  if (!isValidIdNumber(id)) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** 性别 the gender an ID number carries (17th digit odd = male), or null when the ID is not valid. */
export function idGender(id: string): 'M' | 'F' | null {
  if (!isValidIdNumber(id)) return null;
  return Number(id.charAt(16)) % 2 === 1 ? 'M' : 'F';
}

export interface IdNumberParts {
  regionCode: string; // 6-digit administrative division code
  birthDate: BusinessDate;
  sequence: number; // 0..999, the order code before its last digit is set to the gender's parity
  gender: 'M' | 'F';
}

/**
 * 生成身份证号 builds a well-formed ID number. The order code is `sequence` with its last
 * digit moved to the gender's parity, so sequences 2k and 2k+1 give the same number.
 */
export function makeIdNumber(parts: IdNumberParts): string {
  const { regionCode, birthDate, sequence, gender } = parts;
  if (!/^[1-9]\d{5}$/.test(regionCode)) {
    throw new RangeError(`regionCode must be 6 digits not starting with 0, got "${regionCode}"`);
  }
  if (!isBusinessDate(birthDate) || birthDate < '1900-01-01') {
    throw new RangeError(`birthDate must be a date (YYYY-MM-DD) from 1900 on, got "${birthDate}"`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be an integer from 0 to 999, got ${sequence}`);
  }
  const wantOdd = gender === 'M';
  const order = (sequence % 2 === 1) === wantOdd ? sequence : sequence ^ 1;
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(order).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}
