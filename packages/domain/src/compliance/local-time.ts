/**
 * 当地时间 the debtor's local wall-clock time. Contact-time rules are written in local
 * time ("no contact 22:00–08:00"), but attempts are instants (epoch ms). The caller passes
 * every instant: nothing here reads a clock. Time zones are IANA names read with
 * Intl.DateTimeFormat, so daylight-saving changes follow the runtime's tz database.
 */
import { addDays, type BusinessDate } from '../calendar/business-date.js';
import { zonedTimeToInstant, zoneOffsetMs } from '../calendar/time-zone.js';

/** A wall-clock time `HH:MM` (00:00–23:59). */
export type WallTime = string;

/** 时间窗 a daily local window from `start` (inclusive) to `end` (exclusive); wraps midnight when end ≤ start. */
export interface LocalWindow {
  start: WallTime;
  end: WallTime;
}

/** The local calendar date and wall-clock time of an instant in a zone. */
export interface LocalTime {
  date: BusinessDate;
  hour: number;
  minute: number;
  minuteOfDay: number;
  weekday: number; // 0 = Sunday … 6 = Saturday
}

const WALL_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTES_PER_DAY = 1440;
const DAY_MS = 86_400_000;

/** True when the text is a wall-clock time `HH:MM`. */
export function isWallTime(text: string): boolean {
  return WALL_RE.test(text);
}

// Memo caches below hold results of pure functions of their keys; each is cleared when it
// grows past this many entries, so a long-running process stays bounded.
const CACHE_LIMIT = 10_000;

function remember<K, V>(cache: Map<K, V>, key: K, compute: () => V): V {
  const found = cache.get(key);
  if (found !== undefined) return found;
  const value = compute();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

const wallMinutes = new Map<WallTime, number>();

/** Minutes after local midnight of a wall-clock time `HH:MM`. */
export function wallTimeMinutes(time: WallTime): number {
  return remember(wallMinutes, time, () => {
    const m = WALL_RE.exec(time);
    if (!m) throw new RangeError(`Not a wall-clock time (HH:MM): ${time}`);
    return Number(m[1]) * 60 + Number(m[2]);
  });
}

const shiftedDates = new Map<string, BusinessDate>();

/** addDays, memoised for the few days around an instant that window searches visit. */
const shiftDate = (date: BusinessDate, days: number): BusinessDate =>
  remember(shiftedDates, `${date} ${days}`, () => addDays(date, days));

/** The zone's offset from UTC at an instant, in ms, read from the runtime's tz database. */
const exactOffsetMs = zoneOffsetMs;

const HOUR_MS = 3_600_000;
// zone → UTC hour number → the zone's offset throughout that hour, or NaN when it changes in it.
const hourOffsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset at an instant. Offsets are read once per zone and UTC hour: when the
 * offset at the hour's first and last millisecond agree, it holds for the whole hour (no
 * zone changes its offset twice within an hour); otherwise the instant is read exactly.
 */
function offsetMs(epochMs: number, timeZone: string): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  let zoneHours = hourOffsets.get(timeZone);
  if (!zoneHours) {
    zoneHours = new Map();
    hourOffsets.set(timeZone, zoneHours);
  }
  let offset = zoneHours.get(hour);
  if (offset === undefined) {
    const first = exactOffsetMs(hour * HOUR_MS, timeZone);
    offset = first === exactOffsetMs((hour + 1) * HOUR_MS - 1, timeZone) ? first : Number.NaN;
    if (zoneHours.size >= CACHE_LIMIT) zoneHours.clear();
    zoneHours.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffsetMs(epochMs, timeZone) : offset;
}

// Local day number (days since 1970-01-01) → its `YYYY-MM-DD` text.
const dayTexts = new Map<number, BusinessDate>();

/** The local date, hour, minute and weekday of an instant (epoch ms) in an IANA zone. */
export function localTimeOf(epochMs: number, timeZone: string): LocalTime {
  const wall = epochMs + offsetMs(epochMs, timeZone); // the wall clock read as if it were UTC
  const dayNumber = Math.floor(wall / DAY_MS);
  const minuteOfDay = Math.floor((wall - dayNumber * DAY_MS) / 60_000);
  let date = dayTexts.get(dayNumber);
  if (date === undefined) {
    date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    if (dayTexts.size >= CACHE_LIMIT) dayTexts.clear();
    dayTexts.set(dayNumber, date);
  }
  return {
    date,
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
    minuteOfDay,
    weekday: (((dayNumber + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
  };
}

const localInstants = new Map<string, number>();

/** The instant at which the wall clock in a zone shows `date` `time` (see zonedTimeToInstant; memoised). */
export function instantOfLocal(date: BusinessDate, time: WallTime, timeZone: string): number {
  return remember(localInstants, `${timeZone} ${date} ${time}`, () => {
    const minutes = wallTimeMinutes(time);
    return zonedTimeToInstant(
      date,
      { hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 },
      timeZone,
    );
  });
}

const dayStarts = new Map<string, number>();

/**
 * The first instant of a local date in a zone (memoised): local midnight, or the end of a
 * daylight-saving gap when the zone skips midnight. An instant lies on `date` or later
 * exactly when it is at or after this one.
 */
export function startOfLocalDay(date: BusinessDate, timeZone: string): number {
  return remember(dayStarts, `${timeZone} ${date}`, () => {
    const guess = instantOfLocal(date, '00:00', timeZone);
    const dateAt = (ms: number) => localTimeOf(ms, timeZone).date;
    if (dateAt(guess) === date && dateAt(guess - 1) < date) return guess;
    // Midnight was skipped or repeated: bisect for the first instant whose local date is `date`.
    let before = guess - 2 * DAY_MS; // surely an earlier date
    let onOrAfter = guess + 2 * DAY_MS; // surely `date` or later
    while (onOrAfter - before > 1) {
      const mid = before + Math.floor((onOrAfter - before) / 2);
      if (dateAt(mid) < date) before = mid;
      else onOrAfter = mid;
    }
    return onOrAfter;
  });
}

/** True when a minute of the day lies in the window (start inclusive, end exclusive, wrapping midnight). */
export function isInWindow(minuteOfDay: number, window: LocalWindow): boolean {
  const start = wallTimeMinutes(window.start);
  const end = wallTimeMinutes(window.end);
  if (start === end) return true; // a window from a time to itself is the whole day
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/** True when every minute of `inner` is also in `outer`. */
export function windowCovers(outer: LocalWindow, inner: LocalWindow): boolean {
  for (let minute = 0; minute < MINUTES_PER_DAY; minute++) {
    if (isInWindow(minute, inner) && !isInWindow(minute, outer)) return false;
  }
  return true;
}

/** The complement of a window: 22:00–08:00 becomes 08:00–22:00. */
export function complementWindow(window: LocalWindow): LocalWindow {
  return { start: window.end, end: window.start };
}

/** True when the instant's local time lies in the allowed window in every zone. */
export function isAllowedInAllZones(
  epochMs: number,
  timeZones: readonly string[],
  allowed: LocalWindow,
): boolean {
  return timeZones.every((zone) => isInWindow(localTimeOf(epochMs, zone).minuteOfDay, allowed));
}

/**
 * The earliest instant at or after `fromMs` whose local time lies in the allowed window in
 * every zone, or null when the zones' windows never overlap within three days. The answer
 * is `fromMs` itself or the opening of some zone's window, so only those are tried.
 */
export function earliestAllowedInAllZones(
  fromMs: number,
  timeZones: readonly string[],
  allowed: LocalWindow,
): number | null {
  if (timeZones.length === 0) return null;
  const candidates = [fromMs];
  for (const zone of timeZones) {
    const today = localTimeOf(fromMs, zone).date;
    for (let day = -1; day <= 3; day++) {
      const opening = instantOfLocal(shiftDate(today, day), allowed.start, zone);
      if (opening >= fromMs) candidates.push(opening);
    }
  }
  candidates.sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (isAllowedInAllZones(candidate, timeZones, allowed)) return candidate;
  }
  return null;
}

/** The instant of the next local midnight after an instant in a zone (the start of tomorrow). */
export function startOfNextLocalDay(epochMs: number, timeZone: string): number {
  return instantOfLocal(addDays(localTimeOf(epochMs, timeZone).date, 1), '00:00', timeZone);
}
