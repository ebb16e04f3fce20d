import { describe, expect, it } from 'vitest';
import { plausibleTimeZones } from './debtor-zones.js';

describe("a debtor's plausible time zones", () => {
  it("is the customer's zone, or the institution's when none is recorded", () => {
    expect(
      plausibleTimeZones(
        { timeZone: 'Asia/Shanghai', otherTimeZones: [], regionCode: '110105' },
        'Asia/Shanghai',
      ),
    ).toEqual(['Asia/Shanghai']);
    expect(
      plausibleTimeZones({ timeZone: null, otherTimeZones: [], regionCode: null }, 'America/New_York'),
    ).toEqual(['America/New_York']);
  });

  it('adds recorded further zones after the primary one, without repeats', () => {
    expect(
      plausibleTimeZones(
        {
          timeZone: 'America/New_York',
          otherTimeZones: ['America/Chicago', 'America/New_York'],
          regionCode: null,
        },
        'Asia/Shanghai',
      ),
    ).toEqual(['America/New_York', 'America/Chicago']);
  });

  it('a Xinjiang debtor is contacted only when it suits both Beijing and Xinjiang time', () => {
    expect(
      plausibleTimeZones(
        { timeZone: 'Asia/Urumqi', otherTimeZones: [], regionCode: '650102' },
        'Asia/Shanghai',
      ),
    ).toEqual(['Asia/Urumqi', 'Asia/Shanghai']);
    expect(
      plausibleTimeZones(
        { timeZone: 'Asia/Shanghai', otherTimeZones: [], regionCode: '653101' },
        'Asia/Shanghai',
      ),
    ).toEqual(['Asia/Shanghai', 'Asia/Urumqi']);
  });
});
