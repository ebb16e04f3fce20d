import type { TFunction } from 'i18next';

/**
 * A run's duration for people: `<0.1 秒` / `0.8 秒` / `12 秒` / `3 分 05 秒` / `1 小时 02 分`
 * (English: `0.8 s`, `3 min 05 s`, `1 h 02 min`). Negative spans (clock skew) count as 0.
 */
export function formatDuration(ms: number, t: TFunction): string {
  const safe = Math.max(0, ms);
  if (safe < 100) return t('dailyRun.seconds', { seconds: '<0.1' });
  if (safe < 10_000) return t('dailyRun.seconds', { seconds: (Math.round(safe / 100) / 10).toFixed(1) });
  const totalSeconds = Math.round(safe / 1000);
  if (totalSeconds < 60) return t('dailyRun.seconds', { seconds: totalSeconds });
  const pad = (n: number) => String(n).padStart(2, '0');
  if (totalSeconds < 3600) {
    return t('dailyRun.minutes', {
      minutes: Math.floor(totalSeconds / 60),
      seconds: pad(totalSeconds % 60),
    });
  }
  const totalMinutes = Math.floor(totalSeconds / 60);
  return t('dailyRun.hours', { hours: Math.floor(totalMinutes / 60), minutes: pad(totalMinutes % 60) });
}

/** How long a run took, or has taken so far while it runs (`now` from the caller's render). */
export function runDurationMs(run: { startedAt: string; finishedAt: string | null }, now: number): number {
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Number.isNaN(start) || Number.isNaN(end) ? 0 : end - start;
}
