/**
 * Business dates are `YYYY-MM-DD` strings in the institution's time zone. They are
 * calendar days, not instants: arithmetic on them is done on UTC midnights so no
 * daylight-saving rule of any zone can shift a day.
 */

/** 营业日 a calendar date `YYYY-MM-DD`. */
export type BusinessDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True when the text is a real calendar date in `YYYY-MM-DD` form. */
export function isBusinessDate(text: string): boolean {
  return !Number.isNaN(utcMsOrNaN(text));
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** UTC midnight of a valid date, or NaN. Hot in the daily run: no Date objects, one regex. */
function utcMsOrNaN(text: string): number {
  const m = DATE_RE.exec(text);
  if (!m) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return Number.NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const last = mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]!;
  if (d > last) return Number.NaN;
  return Date.UTC(y, mo - 1, d);
}

function toUtcMs(date: BusinessDate): number {
  const ms = utcMsOrNaN(date);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  return ms;
}

function fromUtcMs(ms: number): BusinessDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` days after `date` (negative goes back). */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/**
 * Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29),
 * as repayment schedules do.
 */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  const m = DATE_RE.exec(date);
  if (!m || !isBusinessDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), lastDay);
  return fromUtcMs(Date.UTC(year, month, day));
}

/** Compares two dates: negative, zero or positive. */
export function compareDates(a: BusinessDate, b: BusinessDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Building an Intl.DateTimeFormat costs ~100 µs; the answer for a zone name never changes
// within a process, so it is remembered (a memo of a pure function, bounded).
const knownZones = new Map<string, boolean>();

/** True when the text names an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  const known = knownZones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (knownZones.size >= 1000) knownZones.clear();
  knownZones.set(zone, valid);
  return valid;
}

/**
 * The calendar date of an instant in a time zone. The caller passes the instant
 * (epoch milliseconds): the domain never reads a clock.
 */
export function dateInZone(epochMs: number, timeZone: string): BusinessDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
