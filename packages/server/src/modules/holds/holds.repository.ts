import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface HoldRow {
  id: string;
  customer_id: string;
  customer_ref: string;
  customer_name: string;
  case_id: string | null;
  complaint_id: string | null;
  kind: string;
  channels: string[] | null;
  reason: string;
  starts_at: Date;
  ends_at: Date | null;
  released_at: Date | null;
  released_by: string | null;
  release_reason: string | null;
  created_by: string | null;
  created_at: Date;
}

export interface HoldWrite {
  id: string;
  customerId: string;
  caseId: string | null;
  complaintId: string | null;
  kind: string;
  channels: string[] | null;
  reason: string;
  startsAt: Date;
  endsAt: Date | null;
  createdBy: string | null;
}

export interface ComplaintRow {
  id: string;
  ref: string;
  kind: string;
  customer_id: string;
  customer_ref: string;
  customer_name: string;
  case_id: string | null;
  source: string;
  summary: string;
  received_at: Date;
  sla_due_at: Date;
  status: string;
  outcome: string | null;
  resolution: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  created_by: string | null;
  hold_id: string | null;
  attempt_ids: string[];
}

/** Holds, complaints and disputes. */
export class HoldsRepository {
  constructor(private readonly db: Database) {}

  async customerByRef(ref: string): Promise<{ id: string; source_ref: string } | undefined> {
    return this.db
      .selectFrom('customer')
      .select(['id', 'source_ref'])
      .where('source_ref', '=', ref)
      .executeTakeFirst();
  }

  async caseOfCustomer(caseId: string, customerId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('collection_case')
      .select('id')
      .where('id', '=', caseId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async insertHold(h: HoldWrite): Promise<void> {
    await this.db
      .insertInto('collection_hold')
      .values({
        id: h.id,
        customer_id: h.customerId,
        case_id: h.caseId,
        complaint_id: h.complaintId,
        kind: h.kind,
        channels: h.channels,
        reason: h.reason,
        starts_at: h.startsAt,
        ends_at: h.endsAt,
        created_by: h.createdBy,
      })
      .execute();
  }

  private holdQuery() {
    return this.db
      .selectFrom('collection_hold as h')
      .innerJoin('customer as c', 'c.id', 'h.customer_id')
      .leftJoin('app_user as cu', 'cu.id', 'h.created_by')
      .leftJoin('app_user as ru', 'ru.id', 'h.released_by')
      .select([
        'h.id',
        'h.customer_id',
        'c.source_ref as customer_ref',
        'c.name as customer_name',
        'h.case_id',
        'h.complaint_id',
        'h.kind',
        'h.channels',
        'h.reason',
        'h.starts_at',
        'h.ends_at',
        'h.released_at',
        'ru.username as released_by',
        'h.release_reason',
        'cu.username as created_by',
        'h.created_at',
      ]);
  }

  async hold(id: string, forUpdate = false): Promise<HoldRow | undefined> {
    const q = this.holdQuery().where('h.id', '=', id);
    return (forUpdate ? q.forUpdate('h') : q).executeTakeFirst();
  }

  async listHolds(f: {
    activeAt?: Date;
    kind?: string;
    customerRef?: string;
    limit: number;
  }): Promise<HoldRow[]> {
    let q = this.holdQuery();
    if (f.activeAt) {
      const at = f.activeAt;
      q = q
        .where('h.starts_at', '<=', at)
        .where((eb) => eb.or([eb('h.ends_at', 'is', null), eb('h.ends_at', '>', at)]))
        .where('h.released_at', 'is', null);
    }
    if (f.kind) q = q.where('h.kind', '=', f.kind);
    if (f.customerRef) q = q.where('c.source_ref', '=', f.customerRef);
    return q.orderBy('h.created_at', 'desc').limit(f.limit).execute();
  }

  async releaseHold(id: string, at: Date, by: string | null, reason: string): Promise<void> {
    await this.db
      .updateTable('collection_hold')
      .set({ released_at: at, released_by: by, release_reason: reason })
      .where('id', '=', id)
      .execute();
  }

  async nextComplaintRef(): Promise<number> {
    const row = await sql<{ n: number }>`SELECT nextval('complaint_ref_seq')::int AS n`.execute(this.db);
    return row.rows[0]!.n;
  }

  async insertComplaint(c: {
    id: string;
    ref: string;
    kind: string;
    customerId: string;
    caseId: string | null;
    source: string;
    summary: string;
    receivedAt: Date;
    slaDueAt: Date;
    createdBy: string | null;
  }): Promise<void> {
    await this.db
      .insertInto('complaint')
      .values({
        id: c.id,
        ref: c.ref,
        kind: c.kind,
        customer_id: c.customerId,
        case_id: c.caseId,
        source: c.source,
        summary: c.summary,
        received_at: c.receivedAt,
        sla_due_at: c.slaDueAt,
        created_by: c.createdBy,
      })
      .execute();
  }

  async linkAttempts(complaintId: string, attemptIds: readonly string[]): Promise<void> {
    if (attemptIds.length === 0) return;
    await this.db
      .insertInto('complaint_attempt')
      .values(attemptIds.map((attemptId) => ({ complaint_id: complaintId, attempt_id: attemptId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  private complaintQuery() {
    return this.db
      .selectFrom('complaint as k')
      .innerJoin('customer as c', 'c.id', 'k.customer_id')
      .leftJoin('app_user as cu', 'cu.id', 'k.created_by')
      .leftJoin('app_user as ru', 'ru.id', 'k.resolved_by')
      .select([
        'k.id',
        'k.ref',
        'k.kind',
        'k.customer_id',
        'c.source_ref as customer_ref',
        'c.name as customer_name',
        'k.case_id',
        'k.source',
        'k.summary',
        'k.received_at',
        'k.sla_due_at',
        'k.status',
        'k.outcome',
        'k.resolution',
        'k.resolved_at',
        'ru.username as resolved_by',
        'cu.username as created_by',
        sql<string | null>`(SELECT h.id FROM collection_hold h WHERE h.complaint_id = k.id LIMIT 1)`.as(
          'hold_id',
        ),
        sql<string[]>`coalesce((SELECT array_agg(a.attempt_id::text ORDER BY a.attempt_id)
          FROM complaint_attempt a WHERE a.complaint_id = k.id), '{}')`.as('attempt_ids'),
      ]);
  }

  async complaint(id: string, forUpdate = false): Promise<ComplaintRow | undefined> {
    const q = this.complaintQuery().where('k.id', '=', id);
    return (forUpdate ? q.forUpdate('k') : q).executeTakeFirst();
  }

  async listComplaints(f: { status?: string; kind?: string; limit: number }): Promise<ComplaintRow[]> {
    let q = this.complaintQuery();
    if (f.status) q = q.where('k.status', '=', f.status);
    if (f.kind) q = q.where('k.kind', '=', f.kind);
    return q.orderBy('k.status').orderBy('k.sla_due_at').limit(f.limit).execute();
  }

  async resolveComplaint(
    id: string,
    r: { outcome: string; resolution: string; at: Date; by: string | null },
  ) {
    await this.db
      .updateTable('complaint')
      .set({
        status: 'resolved',
        outcome: r.outcome,
        resolution: r.resolution,
        resolved_at: r.at,
        resolved_by: r.by,
      })
      .where('id', '=', id)
      .execute();
  }

  /** The open holds a complaint or dispute placed. */
  async openHoldIdsOfComplaint(complaintId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('collection_hold')
      .select('id')
      .where('complaint_id', '=', complaintId)
      .where('released_at', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  }
}
