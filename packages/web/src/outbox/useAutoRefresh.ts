import { useEffect } from 'react';

/**
 * Calls `reload` `intervalMs` after each answer (new `data` or a new `error`), so a slow
 * server is never asked twice at once. While the tab is hidden the refresh waits and happens
 * when the tab is shown again.
 */
export function useAutoRefresh(
  reload: () => void,
  intervalMs: number,
  enabled: boolean,
  data: unknown,
  error: unknown,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: each answer (data or error) schedules the next refresh.
  useEffect(() => {
    if (!enabled) return;
    let waitingForVisible = false;
    const onVisible = () => {
      if (waitingForVisible && document.visibilityState === 'visible') {
        waitingForVisible = false;
        reload();
      }
    };
    const timer = window.setTimeout(() => {
      if (document.visibilityState === 'hidden') waitingForVisible = true;
      else reload();
    }, intervalMs);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [enabled, intervalMs, reload, data, error]);
}
