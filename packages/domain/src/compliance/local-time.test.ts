import { describe, expect, it } from 'vitest';
import {
  earliestAllowedInAllZones,
  instantOfLocal,
  isInWindow,
  localTimeOf,
  wallTimeMinutes,
  windowCovers,
} from './local-time.js';

describe('local time of an instant', () => {
  it('reads the wall clock in Asia/Shanghai (UTC+8) from an epoch instant', () => {
    const t = localTimeOf(Date.UTC(2026, 2, 10, 14, 5), 'Asia/Shanghai');
    expect(t).toEqual({ date: '2026-03-10', hour: 22, minute: 5, minuteOfDay: 22 * 60 + 5, weekday: 2 });
  });

  it('reads midnight as hour 0, not 24', () => {
    expect(localTimeOf(Date.UTC(2026, 2, 10, 16, 0), 'Asia/Shanghai').hour).toBe(0);
  });

  it('finds the instant of a local time across a daylight-saving change (New York, 2026-03-08)', () => {
    expect(instantOfLocal('2026-03-07', '08:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 7, 13, 0));
    expect(instantOfLocal('2026-03-09', '08:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 12, 0));
  });

  it('rejects a wall time that is not HH:MM', () => {
    expect(() => wallTimeMinutes('24:00')).toThrow(RangeError);
    expect(wallTimeMinutes('08:30')).toBe(510);
  });
});

describe('windows', () => {
  const quiet = { start: '22:00', end: '08:00' };

  it('a 22:00–08:00 window wraps midnight: start inclusive, end exclusive', () => {
    expect(isInWindow(wallTimeMinutes('22:00'), quiet)).toBe(true);
    expect(isInWindow(wallTimeMinutes('03:00'), quiet)).toBe(true);
    expect(isInWindow(wallTimeMinutes('07:59'), quiet)).toBe(true);
    expect(isInWindow(wallTimeMinutes('08:00'), quiet)).toBe(false);
    expect(isInWindow(wallTimeMinutes('21:59'), quiet)).toBe(false);
  });

  it('21:00–08:00 covers 22:00–08:00 but 23:00–08:00 does not', () => {
    expect(windowCovers({ start: '21:00', end: '08:00' }, quiet)).toBe(true);
    expect(windowCovers({ start: '23:00', end: '08:00' }, quiet)).toBe(false);
  });

  it('the earliest instant allowed in New York and Los Angeles is 08:00 Los Angeles', () => {
    const at = Date.UTC(2026, 2, 2, 13, 30); // 08:30 New York, 05:30 Los Angeles
    const next = earliestAllowedInAllZones(at, ['America/New_York', 'America/Los_Angeles'], {
      start: '08:00',
      end: '21:00',
    });
    expect(next).toBe(Date.UTC(2026, 2, 2, 16, 0));
  });

  it('finds the overlap of Shanghai morning and New York evening (08:00 Shanghai = 19:00 New York in winter)', () => {
    const zones = ['Asia/Shanghai', 'America/New_York'];
    const next = earliestAllowedInAllZones(Date.UTC(2026, 0, 4, 12, 0), zones, {
      start: '08:00',
      end: '21:00',
    });
    expect(next).toBe(Date.UTC(2026, 0, 5, 0, 0));
  });

  it('is null when no instant is allowed in every zone (09:00–17:00 in Shanghai and New York)', () => {
    const zones = ['Asia/Shanghai', 'America/New_York'];
    expect(
      earliestAllowedInAllZones(Date.UTC(2026, 0, 5), zones, { start: '09:00', end: '17:00' }),
    ).toBeNull();
  });
});
