/**
 * SQL of import history: one import_batch row per uploaded file, with its counts and its
 * row-level report.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface ImportBatchInsert {
  kind: string;
  file_name: string;
  format: 'csv' | 'xlsx';
  encoding: string | null;
  status: 'validated' | 'applied' | 'partially_applied' | 'rejected';
  rows_total: number;
  rows_valid: number;
  rows_invalid: number;
  rows_applied: number;
  report: unknown;
  created_by: string | null;
  created_at: Date;
  applied_at: Date | null;
}

export interface ImportBatchSummaryRow {
  id: string;
  kind: string;
  file_name: string;
  format: string;
  encoding: string | null;
  status: string;
  rows_total: number;
  rows_valid: number;
  rows_invalid: number;
  rows_applied: number;
  created_by: string | null;
  created_by_username: string | null;
  created_at: Date;
  applied_at: Date | null;
  counts: unknown;
  options: unknown;
  issues_total: number | null;
  actor: string | null;
}

export interface ImportBatchRow extends ImportBatchSummaryRow {
  report: unknown;
}

const SUMMARY_COLUMNS = [
  'b.id',
  'b.kind',
  'b.file_name',
  'b.format',
  'b.encoding',
  'b.status',
  'b.rows_total',
  'b.rows_valid',
  'b.rows_invalid',
  'b.rows_applied',
  'b.created_by',
  'u.username as created_by_username',
  'b.created_at',
  'b.applied_at',
] as const;

export class ImportsRepository {
  constructor(private readonly db: Database) {}

  async insert(row: ImportBatchInsert): Promise<string> {
    const { id } = await this.db
      .insertInto('import_batch')
      .values({ ...row, report: JSON.stringify(row.report) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** The newest imports first, without their reports; `before` pages by creation time and id. */
  async list(options: {
    limit: number;
    before: { createdAt: Date; id: string } | null;
    kind: string | null;
  }): Promise<ImportBatchSummaryRow[]> {
    let query = this.db
      .selectFrom('import_batch as b')
      .leftJoin('app_user as u', 'u.id', 'b.created_by')
      .select([
        ...SUMMARY_COLUMNS,
        sql<unknown>`b.report -> 'counts'`.as('counts'),
        sql<unknown>`b.report -> 'options'`.as('options'),
        sql<number | null>`(b.report ->> 'issuesTotal')::int`.as('issues_total'),
        sql<string | null>`b.report ->> 'actor'`.as('actor'),
      ])
      .orderBy('b.created_at', 'desc')
      .orderBy('b.id', 'desc')
      .limit(options.limit);
    if (options.kind) query = query.where('b.kind', '=', options.kind);
    if (options.before) {
      const { createdAt, id } = options.before;
      query = query.where(sql<boolean>`(b.created_at, b.id) < (${createdAt}, ${id}::uuid)`);
    }
    return query.execute();
  }

  async find(id: string): Promise<ImportBatchRow | undefined> {
    return this.db
      .selectFrom('import_batch as b')
      .leftJoin('app_user as u', 'u.id', 'b.created_by')
      .select([
        ...SUMMARY_COLUMNS,
        'b.report',
        sql<unknown>`b.report -> 'counts'`.as('counts'),
        sql<unknown>`b.report -> 'options'`.as('options'),
        sql<number | null>`(b.report ->> 'issuesTotal')::int`.as('issues_total'),
        sql<string | null>`b.report ->> 'actor'`.as('actor'),
      ])
      .where('b.id', '=', id)
      .executeTakeFirst();
  }
}
