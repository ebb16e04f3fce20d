/**
 * 单元格取值 reading one cell of an imported CSV or XLSX file: yuan amounts, rates, dates,
 * times, whole numbers and text, as people type them in spreadsheets. Pure: the file
 * reader hands over the cell as text or as the number the spreadsheet stored, and gets a
 * value or a coded error back. Every amount is parsed exactly (never through a float sum).
 */
import { Decimal } from 'decimal.js';
import { type BusinessDate, isBusinessDate } from '../calendar/business-date.js';
import { zonedTimeToInstant } from '../calendar/time-zone.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { type Fen, parseYuan, type Rate } from '../money/money.js';

/** A cell as a file reader delivers it: text, a stored number, or nothing. */
export type CellInput = string | number | null | undefined;

/** The value read from a cell, or why it could not be read. */
export type CellResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: ErrorCode; params?: Record<string, unknown> };

/** The largest amount accepted anywhere in ingest: 10^13 fen (一千亿元). */
export const MAX_AMOUNT_FEN = 10_000_000_000_000;

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = <T>(code: ErrorCode, params?: Record<string, unknown>): CellResult<T> =>
  params ? { ok: false, code, params } : { ok: false, code };

/** True when the cell holds nothing but white space. */
export function isBlankCell(cell: CellInput): boolean {
  if (cell === null || cell === undefined) return true;
  return typeof cell === 'string' && cell.trim() === '';
}

/** Half-width, trimmed text of a cell (full-width digits and punctuation become ASCII). */
function normalised(text: string): string {
  return text.normalize('NFKC').trim();
}

// "1,234,567.89": commas only as proper thousands separators.
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^[+-]?\d+(\.\d+)?$/;

/** Removes thousands separators when they are placed as such; null when they are not. */
function ungrouped(text: string): string | null {
  if (!text.includes(',')) return text;
  return GROUPED.test(text) ? text.replaceAll(',', '') : null;
}

/** True when the text is a plain decimal number, optionally signed and grouped ("-1,234.5"). */
export function isNumberText(text: string): boolean {
  const t = ungrouped(normalised(text).replace(/\s/g, ''));
  return t !== null && PLAIN.test(t);
}

/**
 * True when text would be taken for a formula by a spreadsheet that opens an export of it
 * (CSV injection): it starts with = + - @ and is not simply a number such as "-5" or
 * "+8613800138000".
 */
export function isFormulaLike(text: string): boolean {
  const t = text.trim();
  return /^[=+\-@]/.test(t) && !isNumberText(t);
}

/**
 * Text of a cell, trimmed; null when blank. Numbers a spreadsheet stored are written
 * back as the digits typed, but a long number beyond 2^53 (an ID number in a number
 * cell) has already lost digits and is refused.
 */
export function readTextCell(
  cell: CellInput,
  options: { maxLength?: number } = {},
): CellResult<string | null> {
  if (cell == null || isBlankCell(cell)) return ok(null);
  let text: string;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail('VALUE_INVALID');
    if (Number.isInteger(cell) && !Number.isSafeInteger(cell)) return fail('NUMBER_PRECISION_LOST');
    text = String(cell);
  } else {
    text = String(cell).trim();
  }
  if (isFormulaLike(text)) return fail('FORMULA_NOT_ALLOWED');
  if (options.maxLength !== undefined && text.length > options.maxLength) {
    return fail('TEXT_TOO_LONG', { max: options.maxLength });
  }
  return ok(text);
}

/**
 * A yuan amount (元, up to 2 decimals, thousands separators and ¥/元 allowed) as integer fen.
 * "1,234.56" → 123456. Negative amounts and amounts above {@link MAX_AMOUNT_FEN} are refused.
 */
export function readYuanCell(cell: CellInput): CellResult<Fen | null> {
  if (cell == null || isBlankCell(cell)) return ok(null);
  let text: string;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail('AMOUNT_INVALID');
    // A stored number is a binary float: accept it when it is a whole number of fen up to
    // float noise (0.1 + 0.2), and write it with exactly two decimals.
    const twoDecimals = cell.toFixed(2);
    const tolerance = Math.max(1e-7, Math.abs(cell) * 1e-15);
    if (Math.abs(Number(twoDecimals) - cell) > tolerance) return fail('AMOUNT_INVALID');
    text = twoDecimals;
  } else {
    text = normalised(cell)
      .replace(/^[¥￥]|元$/g, '')
      .replace(/\s/g, '');
  }
  const plain = ungrouped(text);
  if (plain === null || !PLAIN.test(plain)) return fail('AMOUNT_INVALID');
  const [whole = '', decimals = ''] = plain.replace(/^[+-]/, '').split('.');
  if (decimals.length > 2 && !/^0*$/.test(decimals.slice(2))) return fail('AMOUNT_INVALID');
  const negative = plain.startsWith('-') && /[1-9]/.test(plain);
  if (negative) return fail('AMOUNT_NEGATIVE');
  // 10^13 fen is 10^11 yuan (12 digits): anything longer is too large before it can overflow.
  if (whole.replace(/^0+/, '').length > 12) return fail('AMOUNT_TOO_LARGE', { max: MAX_AMOUNT_FEN });
  const fenValue = parseYuan(`${whole || '0'}.${decimals.slice(0, 2) || '0'}`);
  if (fenValue === null) return fail('AMOUNT_INVALID');
  if (fenValue > MAX_AMOUNT_FEN) return fail('AMOUNT_TOO_LARGE', { max: MAX_AMOUNT_FEN });
  return ok(fenValue);
}

/** The decimal text of a rate without exponent or trailing zeros: 0.180 → "0.18". */
function rateText(value: Decimal): string {
  const text = value.toFixed();
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * A rate as a decimal string: "0.18", "18%" and "１８％" all give "0.18"; a spreadsheet's
 * percentage cell stores 0.18. At most 6 decimals (the precision of the database).
 */
export function readRateCell(cell: CellInput): CellResult<Rate | null> {
  if (cell == null || isBlankCell(cell)) return ok(null);
  let value: Decimal;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 0) return fail('RATE_INVALID');
    // 12 significant digits drop float noise (0.1 + 0.08) but keep any real rate.
    value = new Decimal(cell.toPrecision(12));
  } else {
    const text = normalised(cell).replace(/\s/g, '');
    const percent = text.endsWith('%');
    const number = percent ? text.slice(0, -1) : text;
    if (!/^\d+(\.\d+)?$/.test(number)) return fail('RATE_INVALID');
    value = percent ? new Decimal(number).div(100) : new Decimal(number);
  }
  if (value.decimalPlaces() > 6) return fail('RATE_INVALID');
  return ok(rateText(value));
}

/** A whole number ("12", "1,200", "12.0", or a stored number). */
export function readIntegerCell(cell: CellInput): CellResult<number | null> {
  if (cell == null || isBlankCell(cell)) return ok(null);
  if (typeof cell === 'number') {
    return Number.isSafeInteger(cell) ? ok(cell) : fail('INTEGER_INVALID');
  }
  const text = ungrouped(normalised(cell).replace(/\s/g, ''));
  if (text === null || !/^[+-]?\d+(\.0+)?$/.test(text)) return fail('INTEGER_INVALID');
  const n = Number(text);
  return Number.isSafeInteger(n) ? ok(n) : fail('INTEGER_INVALID');
}

const DAY_MS = 86_400_000;
// Excel's 1900 date system counts 1900-02-29, a day that never was: serial 60. From serial
// 61 (1900-03-01) on, serial n is n days after 1899-12-30; below 60, n days after 1899-12-31.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

/** The date of an Excel serial day number (1900 date system); null when out of range or 60. */
export function excelSerialToDate(serial: number): BusinessDate | null {
  const day = Math.floor(serial);
  if (!Number.isFinite(serial) || day < 1 || day > MAX_EXCEL_SERIAL || day === 60) return null;
  const ms = EXCEL_EPOCH_MS + (day < 60 ? day + 1 : day) * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

function pad2(text: string): string {
  return text.padStart(2, '0');
}

/** Splits the date part of a text into year, month, day; null when it is not a date form. */
function dateParts(text: string): [string, string, string] | null {
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return m ? [m[1]!, m[2]!, m[3]!] : null;
}

/**
 * A calendar date: 2026-03-15, 2026/3/15, 2026.3.15, 2026年3月15日, 20260315, or an Excel
 * serial day number (46096, as text or a stored number). A time of day after the date
 * ("2026-03-15 14:30:00", as database exports write them) is ignored: the date is the
 * calendar day written. The date must exist (no 2026-02-30).
 */
export function readDateCell(cell: CellInput): CellResult<BusinessDate | null> {
  if (cell == null || isBlankCell(cell)) return ok(null);
  if (typeof cell === 'number') {
    const date = excelSerialToDate(cell);
    return date ? ok(date) : fail('DATE_INVALID');
  }
  const text = normalised(cell);
  if (/^\d{1,7}$/.test(text)) {
    const date = excelSerialToDate(Number(text));
    return date ? ok(date) : fail('DATE_INVALID');
  }
  const split = /^([^\sT]+)(?:[\sT]+(.+))?$/.exec(text);
  const [datePart = '', timePart] = [split?.[1], split?.[2]];
  if (timePart !== undefined && !/^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/.test(timePart)) {
    return fail('DATE_INVALID');
  }
  const parts = dateParts(datePart);
  if (!parts) return fail('DATE_INVALID');
  const date = `${parts[0]}-${pad2(parts[1])}-${pad2(parts[2])}`;
  return isBusinessDate(date) ? ok(date) : fail('DATE_INVALID');
}

/**
 * An instant, written as an ISO 8601 time with an offset ("2026-03-15T14:30:00+08:00"),
 * or as a local time "2026-03-15 14:30[:00]" / a date, read in `timeZone` (the
 * institution's). Returned as an ISO string in UTC.
 */
export function readDateTimeCell(cell: CellInput, timeZone: string): CellResult<string | null> {
  if (cell == null || isBlankCell(cell)) return ok(null);
  if (typeof cell === 'number') {
    // An Excel date-time serial: whole days plus a fraction of a day, in local time.
    const date = excelSerialToDate(cell);
    if (!date) return fail('DATETIME_INVALID');
    const seconds = Math.round((cell - Math.floor(cell)) * 86_400);
    const instant = zonedTimeToInstant(
      date,
      { hour: Math.floor(seconds / 3600), minute: Math.floor((seconds % 3600) / 60), second: seconds % 60 },
      timeZone,
    );
    return ok(new Date(instant).toISOString());
  }
  const text = normalised(cell);
  const withOffset = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    text,
  );
  if (withOffset) {
    const [, date = '', hh, mm] = withOffset;
    if (!isBusinessDate(date) || Number(hh) > 23 || Number(mm) > 59) return fail('DATETIME_INVALID');
    const instant = Date.parse(text);
    return Number.isNaN(instant) ? fail('DATETIME_INVALID') : ok(new Date(instant).toISOString());
  }
  const local = /^(\S+)(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!local) return fail('DATETIME_INVALID');
  const parts = dateParts(local[1] ?? '');
  if (!parts) return fail('DATETIME_INVALID');
  const date = `${parts[0]}-${pad2(parts[1])}-${pad2(parts[2])}`;
  const [hour, minute, second] = [Number(local[2] ?? 0), Number(local[3] ?? 0), Number(local[4] ?? 0)];
  if (!isBusinessDate(date) || hour > 23 || minute > 59 || second > 59) return fail('DATETIME_INVALID');
  return ok(new Date(zonedTimeToInstant(date, { hour, minute, second }, timeZone)).toISOString());
}

/**
 * A mainland phone number as typed, normalised: a +86 / 0086 prefix, spaces, dashes and
 * brackets removed from a mobile ("+86 138-1234-5678" → "13812345678"); a landline written
 * as area code-number ("(0755)1234567" → "0755-1234567"). Unseparated landlines split by
 * the numbering plan: 010 and 02x are 3-digit area codes, every other one has 4 digits.
 */
export function normalisePhone(text: string): string {
  const t = text
    .normalize('NFKC')
    .trim()
    .replace(/^(\+86|0086)[\s-]*/, '');
  const split = /^\(?(0\d{2,3})\)?[\s-]*(\d{7,8})$/.exec(t);
  if (split && (t.includes('(') || /[\s-]/.test(t))) return `${split[1]}-${split[2]}`;
  const digits = t.replace(/[\s()-]/g, '');
  if (/^0\d{9,11}$/.test(digits)) {
    const area = /^0[12]/.test(digits) ? 3 : 4;
    return `${digits.slice(0, area)}-${digits.slice(area)}`;
  }
  return digits;
}
