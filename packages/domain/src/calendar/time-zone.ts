/**
 * Wall-clock time in IANA time zones, from instants passed in (the domain reads no clock).
 * One place for zone offsets, used by the compliance gate (debtor local time) and by
 * imports (local date-times in files).
 */
import type { BusinessDate } from './business-date.js';

// Building an Intl.DateTimeFormat costs ~100 µs, formatting with one ~3 µs: one per zone,
// kept for the life of the process (a memo of a pure function of the zone name).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterOf(timeZone).formatToParts(epochMs)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant at which the wall clock in a zone shows `date` at `time`. Two passes settle
 * the offset across a daylight-saving change; a time skipped by a spring-forward gap
 * resolves to the instant just after the gap.
 */
export function zonedTimeToInstant(
  date: BusinessDate,
  time: { hour: number; minute: number; second: number },
  timeZone: string,
): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, time.hour, time.minute, time.second);
  const first = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(first, timeZone);
}
