/**
 * The raw inputs the analytics tests compare the rollups with, read straight from the tables.
 */
import { fen, type LoanMonthEnd } from '@huikuan/domain';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/** Every loan's snapshot, straight from loan_daily: the raw input of the domain's KPI functions. */
export async function rawSnapshots(db: Database): Promise<LoanMonthEnd[]> {
  const r = await sql<{ loan_id: string; as_of: string; dpd: number; principal: string }>`
    SELECT loan_id::text, as_of::text, dpd, outstanding_principal_fen::text AS principal FROM loan_daily`.execute(
    db,
  );
  return r.rows.map((x) => ({
    loanId: x.loan_id,
    asOf: x.as_of,
    dpd: x.dpd,
    principalFen: fen(Number(x.principal)),
  }));
}
