/** What every bench workload returns and receives (run.ts prints the rows as one table), and the helpers they share. */
import { randomBytes } from 'node:crypto';
import type { Database } from '../packages/server/dist/db/database.js';
import { fixedClock } from '../packages/server/dist/platform/clock.js';
import { deriveKeys } from '../packages/server/dist/platform/secrets.js';
import { createServices } from '../packages/server/dist/platform/services.js';

/** One row of the bench's table. */
export interface WorkloadResult {
  workload: string;
  figure: string;
  goal: string;
  reference: string;
  ratio: number | null;
  peakRssMiB: number;
}

/** What run.ts gives a workload kept in its own file. */
export interface WorkloadOptions {
  quick: boolean;
  args: readonly string[];
}

/** run.ts's cached synthetic book (the daily-run workload's template database). */
export type BookTemplate = (adminUrl: string, loans: number, asOf: string) => Promise<string>;

/** The latency at quantile q of the values (nearest rank); 0 for no values. */
export function quantile(sorted: Float64Array, q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
}

/** Latency percentiles (ms) of a set of requests. */
export interface Latencies {
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  count: number;
}

export function percentiles(values: readonly number[]): Latencies {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => quantile(sorted, q);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), p999: at(0.999), count: sorted.length };
}

export const now = () => performance.now();
/** A count with thousands separators. */
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** Milliseconds, one decimal under 10. */
export const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));

/** Huikuan's services on a bench database, at the bench's fixed time (2026-11-28 10:00 Shanghai). */
export function benchServices(db: Database) {
  return createServices({
    db,
    keys: deriveKeys(randomBytes(32)),
    clock: fixedClock(new Date('2026-11-28T02:00:00Z')),
    timeZone: 'Asia/Shanghai',
    institutionName: 'bench',
    databaseMode: 'external',
    sessionTtlMinutes: 30,
  });
}
