import type { TFunction } from 'i18next';

/** The settings form's label key of each settings path a KPI definition names. */
const PATH_LABEL: Record<string, string> = {
  buckets: 'buckets',
  decimalPlaces: 'decimalPlaces',
  'flow.basis': 'flowBasis',
  'flow.multiplierTo': 'multiplierTo',
  'rollRate.observationMonths': 'observationMonths',
  'rollRate.performanceMonths': 'performanceMonths',
  'rollRate.basis': 'rollBasis',
  'cure.reasons': 'cureReasons',
  'entry.mode': 'entryMode',
  'entry.basis': 'entryBasis',
  'entry.graceDays': 'graceDays',
  'entry.denominator': 'entryDenominator',
  'recovery.basis': 'recoveryBasis',
  'recovery.settledReasons': 'settledReasons',
  'vintage.dpdThreshold': 'dpdThreshold',
  'vintage.maxMob': 'maxMob',
  'promises.partlyKeptCountsAsKept': 'partlyKept',
  'contact.attemptChannels': 'attemptChannels',
};

/** The label of a settings path ("entry.mode" → 入催率口径); the path itself when unknown. */
export function settingLabel(t: TFunction, path: string): string {
  const key = PATH_LABEL[path];
  return key ? t(`analytics.settings.${key}` as never) : path;
}

/** A settings value as text: bucket edges as "M1 1–30", enums by their label, lists joined. */
export function settingValueText(t: TFunction, path: string, value: unknown): string {
  if (path === 'buckets' && Array.isArray(value)) {
    return (value as { code: string; minDpd: number; maxDpd: number | null }[])
      .map(
        (b) =>
          `${b.code} ${b.minDpd}${b.maxDpd === null ? '+' : b.maxDpd === b.minDpd ? '' : `–${b.maxDpd}`}`,
      )
      .join(', ');
  }
  if (path === 'flow.multiplierTo' && value === null) return t('analytics.settings.lastBucket');
  const one = (v: unknown) =>
    typeof v === 'string'
      ? t(`analytics.settings.values.${v}` as never, { defaultValue: v })
      : typeof v === 'boolean'
        ? v
          ? '✓'
          : '✗'
        : String(v);
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}
