/** The offset of `timeZone` from UTC at the instant `ms`, in milliseconds (east positive). */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Turns a wall-clock time `YYYY-MM-DD HH:mm[:ss]` read in the institution's time zone (not the
 * browser's) into an ISO instant. Null when the text is not such a time or the zone is unknown.
 * In a DST gap or overlap it picks the offset in force just after the transition.
 */
export function zonedWallTimeToIso(wallTime: string, timeZone: string): string | null {
  const m = WALL_TIME.exec(wallTime.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const wallAsUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wallAsUtc)) return null;
  try {
    // Two passes settle the offset: the first guess may sit on the other side of a transition.
    let ms = wallAsUtc - offsetAt(wallAsUtc, timeZone);
    ms = wallAsUtc - offsetAt(ms, timeZone);
    return new Date(ms).toISOString();
  } catch {
    return null;
  }
}
