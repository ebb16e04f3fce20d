/**
 * Wall-clock time in IANA time zones, from instants passed in (the domain reads no clock).
 * One place for zone offsets, used by the compliance gate (debtor local time) and by
 * imports (local date-times in files).
 */
import type { BusinessDate } from './business-date.js';

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(epochMs);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const whole = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return wall - whole;
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
