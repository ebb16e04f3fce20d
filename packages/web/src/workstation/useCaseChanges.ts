import { useEffect, useRef } from 'react';
import { apiRequest } from '../api/apiClient';
import type { CaseChange, ChangesView } from './types';

/** How often an open workstation asks for changes on the collector's cases. */
export const CHANGES_POLL_MS = 3_000;

/**
 * Polls GET /workstation/changes: first for the current cursor, then every few seconds for the
 * case events after it (a payment, a closed case, a stage move) on the cases the user holds,
 * and hands each non-empty batch to `onChanges`. A failed poll is retried at the next tick.
 */
export function useCaseChanges(
  onChanges: (events: CaseChange[]) => void,
  intervalMs = CHANGES_POLL_MS,
): void {
  const handler = useRef(onChanges);
  handler.current = onChanges;

  useEffect(() => {
    let cursor: number | undefined;
    let timer: number | undefined;
    let stopped = false;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const view = await apiRequest<ChangesView>('GET', '/api/v1/workstation/changes', {
          query: { after: cursor },
          signal: controller.signal,
        });
        if (cursor !== undefined && view.events.length > 0) handler.current(view.events);
        cursor = view.cursor;
      } catch {
        // Offline or a slow server: the next tick asks again from the same cursor.
      }
      if (!stopped) timer = window.setTimeout(() => void poll(), intervalMs);
    };
    void poll();
    return () => {
      stopped = true;
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [intervalMs]);
}
