/**
 * A ratio's decimal text as a percentage, moved two places by text so the rounding the server
 * did (half-up, once) is what shows: "0.3000" → "30.00%", "1.0000" → "100.00%"; null → "—".
 */
export function formatPercent(value: string | null): string {
  if (value === null) return '—';
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const padded = fraction.padEnd(2, '0');
  const integer = String(Number(`${whole}${padded.slice(0, 2)}`));
  const rest = padded.slice(2);
  return `${negative ? '-' : ''}${integer}${rest ? `.${rest}` : ''}%`;
}

/** A ratio's value as a number for a chart axis (percent), null when it has none. */
export function percentNumber(value: string | null): number | null {
  return value === null ? null : Number(value) * 100;
}

/** A plain decimal text ("1.5000") as shown; null → "—". */
export function formatDecimal(value: string | null): string {
  return value ?? '—';
}

/** Integer count with thousands separators. */
export function formatCount(n: number | string): string {
  return typeof n === 'number' ? n.toLocaleString('en-US') : BigInt(n).toLocaleString('en-US');
}

/** The last day of a month `YYYY-MM`. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

/** YYYY-MM-DD plus days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
