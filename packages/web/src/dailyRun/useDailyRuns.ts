import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../api/ApiError';
import type { DailyRun, DailyRunStartResponse, ListResponse } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';

/** How many recent runs the page lists. */
export const RECENT_RUNS = 30;
/** Progress refresh while a run is going. */
export const POLL_MS = 1000;
/** A requested day that has not started after this long (with nothing running) stops the polling. */
export const STALL_MS = 30_000;

export interface DailyRunsState {
  /** Recent runs, newest first. */
  runs: DailyRun[];
  /** Runs now in progress, oldest first (the order they run in). */
  running: DailyRun[];
  /** Requested days that have no run yet, in the order they will run. */
  waiting: string[];
  /** The latest completed run's date, null when none (of the recent ones) completed. */
  lastCompleted: string | null;
  /** True while the page refreshes every second. */
  polling: boolean;
  /** A requested day never started (no worker took the job). */
  stalled: boolean;
  loaded: boolean;
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
}

/**
 * The recent daily runs, refreshed every {@link POLL_MS} while one is running or a requested
 * day (`requested`, from the last start) has not started yet; idle otherwise. The next refresh
 * is scheduled when the previous answer arrives, so a slow server is never asked twice at once.
 */
export function useDailyRuns(requested: DailyRunStartResponse | null): DailyRunsState {
  const query = useApiQuery<ListResponse<DailyRun>>('/api/v1/daily-runs', { limit: RECENT_RUNS });
  const { reload } = query;
  const runs = useMemo(() => query.data?.items ?? [], [query.data]);

  const derived = useMemo(() => {
    const running = runs.filter((r) => r.status === 'running').reverse();
    const lastCompleted = runs.find((r) => r.status === 'completed')?.asOf ?? null;
    const known = new Set(runs.map((r) => r.asOf));
    // Days run in order, so a requested day up to the last completed one is done even
    // when it has dropped off the recent list.
    const waiting = (requested?.days ?? []).filter(
      (day) => !known.has(day) && (lastCompleted === null || day > lastCompleted),
    );
    return { running, lastCompleted, waiting };
  }, [runs, requested]);

  // When the runs last changed (or a start was requested): the clock for "stalled".
  const lastChangeAt = useRef(Date.now());
  const [stalled, setStalled] = useState(false);
  const signature = runs.map((r) => `${r.asOf}:${r.status}:${r.partitionsDone}`).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: signature and requested are the triggers.
  useEffect(() => {
    lastChangeAt.current = Date.now();
    setStalled(false);
  }, [signature, requested]);

  const runningCount = derived.running.length;
  const polling = runningCount > 0 || (derived.waiting.length > 0 && !stalled);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each answer (data or error) schedules the next poll.
  useEffect(() => {
    if (!polling) return;
    const timer = window.setTimeout(() => {
      if (runningCount === 0 && Date.now() - lastChangeAt.current > STALL_MS) setStalled(true);
      else reload();
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [polling, runningCount, query.data, query.error, reload]);

  return {
    runs,
    ...derived,
    polling,
    stalled: stalled && derived.waiting.length > 0 && runningCount === 0,
    loaded: query.data !== undefined,
    loading: query.loading,
    error: query.error,
    reload,
  };
}
