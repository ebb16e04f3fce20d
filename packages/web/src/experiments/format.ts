/** Number formats of the results view, in the UI language. */

/** A proportion as a percentage with one decimal: 0.125 → "12.5%". */
export function formatPercent(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}

/** A cure rate with its 95% interval: "12.5% (8.1%–18.6%)"; "—" without cases. */
export function formatRateWithInterval(
  rate: number | null,
  interval: { lower: number; upper: number } | null,
  locale: string,
): string {
  if (rate === null) return '—';
  const text = formatPercent(rate, locale);
  if (!interval) return text;
  return `${text} (${formatPercent(interval.lower, locale)}–${formatPercent(interval.upper, locale)})`;
}

/** A difference of proportions in percentage points, signed: 0.023 → "+2.3". */
export function formatPoints(difference: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    signDisplay: 'exceptZero',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(difference * 100);
}

/** A p-value: three decimals, "< 0.001" below that. */
export function formatPValue(p: number): string {
  if (p < 0.001) return '< 0.001';
  return `= ${p.toFixed(3)}`;
}

/** A plain number with a fixed number of decimals in the UI language. */
export function formatDecimal(value: number, decimals: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** Basis points as a percentage: 2500 → "25%", 1250 → "12.5%". */
export function formatBps(bps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bps / 10_000);
}

/** The total of the shares typed in the form, in percent: 90 → "90", 33.33 → "33.33". */
export function formatShareTotal(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(percent);
}

/** The percentage typed in the form as basis points: 12.5 → 1250. */
export function percentToBps(percent: number): number {
  return Math.round(percent * 100);
}

/** Significance level of the comparison with the champion. */
export const SIGNIFICANCE = 0.05;
