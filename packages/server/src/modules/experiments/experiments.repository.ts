import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface ExperimentRow {
  id: string;
  code: string;
  segment_code: string;
  definition: unknown;
  status: string;
  started_on: string;
  stopped_on: string | null;
  created_by: string | null;
  created_at: Date;
}

export interface ExperimentCaseRow {
  case_id: string;
  variant: string | null;
  cured: boolean;
  recovered_fen: number;
  contacts: number;
}

/** Champion/challenger experiments and the outcomes of the cases they assigned. */
export class ExperimentsRepository {
  constructor(private readonly db: Database) {}

  private query() {
    return this.db
      .selectFrom('experiment as e')
      .leftJoin('app_user as u', 'u.id', 'e.created_by')
      .select([
        'e.id',
        'e.code',
        'e.segment_code',
        'e.definition',
        'e.status',
        sql<string>`e.started_on::text`.as('started_on'),
        sql<string | null>`e.stopped_on::text`.as('stopped_on'),
        'u.username as created_by',
        'e.created_at',
      ]);
  }

  async list(): Promise<ExperimentRow[]> {
    return this.query().orderBy('e.created_at', 'desc').execute();
  }

  async byCode(code: string): Promise<ExperimentRow | undefined> {
    return this.query().where('e.code', '=', code).executeTakeFirst();
  }

  async running(): Promise<ExperimentRow[]> {
    return this.query().where('e.status', '=', 'running').execute();
  }

  async insert(row: {
    id: string;
    code: string;
    segmentCode: string;
    definition: unknown;
    startedOn: string;
    createdBy: string | null;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('experiment')
      .values({
        id: row.id,
        code: row.code,
        segment_code: row.segmentCode,
        definition: JSON.stringify(row.definition),
        status: 'running',
        started_on: row.startedOn,
        created_by: row.createdBy,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async stop(code: string, on: string): Promise<void> {
    await this.db
      .updateTable('experiment')
      .set({ status: 'stopped', stopped_on: on })
      .where('code', '=', code)
      .execute();
  }

  async strategyVersionStatuses(ids: readonly string[]): Promise<{ id: string; status: string }[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('strategy_version').select(['id', 'status']).where('id', 'in', ids).execute();
  }

  /** Each case the experiment assigned: cured (left collection), recovered since assignment, contacts spent. */
  async outcomes(code: string): Promise<ExperimentCaseRow[]> {
    const rows = await sql<ExperimentCaseRow>`
      SELECT cs.case_id, cs.variant,
             (cc.status = 'closed' AND cc.close_reason IN ('cured','paid_off')) AS cured,
             coalesce((SELECT sum(p.amount_fen) FROM payment p
                        WHERE p.loan_id = cc.loan_id AND p.status = 'posted' AND p.received_on >= cs.assigned_on), 0)::bigint
               AS recovered_fen,
             (SELECT count(*) FROM contact_attempt a WHERE a.case_id = cs.case_id)::int AS contacts
        FROM case_strategy cs
        JOIN collection_case cc ON cc.id = cs.case_id
       WHERE cs.experiment_code = ${code}
       ORDER BY cs.case_id
    `.execute(this.db);
    return rows.rows;
  }

  async openCaseIds(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('collection_case')
      .select('id')
      .where('status', '=', 'open')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}
