/**
 * 债务人时区 every time zone a debtor may be in, for the gate: the zone recorded for the
 * customer (from their region at ingest; the institution's when unknown), any further zones
 * recorded for them, and — for Xinjiang (region codes 65xxxx), where both Beijing time and
 * Xinjiang time (UTC+6) are in daily use — both, so a contact must suit either clock.
 */

const XINJIANG_ZONES = ['Asia/Shanghai', 'Asia/Urumqi'] as const;

export interface DebtorZoneFacts {
  timeZone: string | null;
  otherTimeZones: readonly string[];
  regionCode: string | null;
}

/** The debtor's plausible zones, the primary one first (it sets the local day for daily caps). */
export function plausibleTimeZones(debtor: DebtorZoneFacts, institutionZone: string): string[] {
  const zones = [debtor.timeZone || institutionZone, ...debtor.otherTimeZones];
  if (debtor.regionCode?.startsWith('65')) zones.push(...XINJIANG_ZONES);
  return [...new Set(zones)];
}
