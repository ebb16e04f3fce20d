/** What every bench workload returns and receives (run.ts prints the rows as one table). */

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
