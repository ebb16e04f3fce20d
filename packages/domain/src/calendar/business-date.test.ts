import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateInZone, daysBetween, isBusinessDate, isTimeZone } from './business-date.js';

describe('business dates', () => {
  it('accepts real dates only', () => {
    expect(isBusinessDate('2024-02-29')).toBe(true);
    expect(isBusinessDate('2023-02-29')).toBe(false);
    expect(isBusinessDate('2024-13-01')).toBe(false);
    expect(isBusinessDate('2024-1-01')).toBe(false);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  });

  it('clamps to the last day of the month when adding months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('tells the Shanghai date of an instant that is still yesterday in UTC', () => {
    // 2026-11-27T17:30Z is 01:30 on the 28th in Asia/Shanghai (UTC+8).
    expect(dateInZone(Date.UTC(2026, 10, 27, 17, 30), 'Asia/Shanghai')).toBe('2026-11-28');
    expect(dateInZone(Date.UTC(2026, 10, 27, 17, 30), 'UTC')).toBe('2026-11-27');
  });

  it('knows IANA zones', () => {
    expect(isTimeZone('Asia/Urumqi')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
