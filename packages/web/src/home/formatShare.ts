/** A ratio as a percentage in the UI language ("12.5%"); an empty denominator shows "—". */
export function formatShare(part: number, whole: number, locale: string): string {
  if (whole <= 0) return '—';
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(part / whole);
}
