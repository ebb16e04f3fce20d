/**
 * 当地时间 the debtor's local wall-clock time. Contact-time rules are written in local
 * time ("no contact 22:00–08:00"), but attempts are instants (epoch ms). The caller passes
 * every instant: nothing here reads a clock. Time zones are IANA names read with
 * Intl.DateTimeFormat, so daylight-saving changes follow the runtime's tz database.
 */
import { addDays, type BusinessDate } from '../calendar/business-date.js';
import { zonedTimeToInstant } from '../calendar/time-zone.js';

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
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** True when the text is a wall-clock time `HH:MM`. */
export function isWallTime(text: string): boolean {
  return WALL_RE.test(text);
}

/** Minutes after local midnight of a wall-clock time `HH:MM`. */
export function wallTimeMinutes(time: WallTime): number {
  const m = WALL_RE.exec(time);
  if (!m) throw new RangeError(`Not a wall-clock time (HH:MM): ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function partsOf(epochMs: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS.indexOf(get('weekday')),
  };
}

/** The local date, hour, minute and weekday of an instant (epoch ms) in an IANA zone. */
export function localTimeOf(epochMs: number, timeZone: string): LocalTime {
  const p = partsOf(epochMs, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    hour: p.hour,
    minute: p.minute,
    minuteOfDay: p.hour * 60 + p.minute,
    weekday: p.weekday,
  };
}

/** The instant at which the wall clock in a zone shows `date` `time` (see zonedTimeToInstant). */
export function instantOfLocal(date: BusinessDate, time: WallTime, timeZone: string): number {
  const minutes = wallTimeMinutes(time);
  return zonedTimeToInstant(
    date,
    { hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 },
    timeZone,
  );
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
      const opening = instantOfLocal(addDays(today, day), allowed.start, zone);
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
