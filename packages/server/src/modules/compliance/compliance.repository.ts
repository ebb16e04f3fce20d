import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** One revision of the institution's rule pack. */
export interface RulePackRevisionRow {
  revision: number;
  code: string;
  base_version: string;
  overrides: unknown;
  reason: string;
  created_by: string | null;
  created_by_username: string | null;
  created_at: Date;
}

/** A gate decision as stored. */
export interface GateDecisionWrite {
  id: string;
  decidedAt: Date;
  attemptAt: Date;
  path: string;
  customerId: string;
  caseId: string | null;
  contactId: string | null;
  channel: string;
  partyRole: string;
  actorUserId: string | null;
  agencyId: string | null;
  allowed: boolean;
  ruleId: string | null;
  ruleIds: string[];
  packCode: string;
  packVersion: string;
  reason: unknown;
  citation: string | null;
  nextAllowedAt: Date | null;
  facts: unknown;
  /** The facts as canonical JSON (the text their hash is taken over), when the caller has it. */
  factsJson?: string;
  factsHash: string;
}

/** A decision with the names a reader needs. */
export interface GateDecisionRow {
  id: string;
  decided_at: Date;
  attempt_at: Date;
  path: string;
  customer_ref: string;
  case_id: string | null;
  contact_id: string | null;
  channel: string;
  party_role: string;
  actor: string | null;
  agency: string | null;
  allowed: boolean;
  rule_id: string | null;
  rule_ids: string[];
  reason: unknown;
  citation: string | null;
  next_allowed_at: Date | null;
  pack_code: string;
  pack_version: string;
  facts: unknown;
  facts_hash: string;
}

export interface DecisionFilter {
  allowed?: boolean;
  ruleId?: string;
  path?: string;
  channel?: string;
  customerRef?: string;
  from?: Date;
  to?: Date; // exclusive
  before?: { decidedAt: Date; id: string };
  limit: number;
}

export interface ScreeningPhraseRow {
  id: string;
  phrase: string;
  category: string;
  locale: string;
  created_at: Date;
  created_by: string | null;
}

/** Rule pack revisions, gate decisions and the institution's screening phrases. */
export class ComplianceRepository {
  constructor(private readonly db: Database) {}

  /** Serialises pack changes (revision numbers are taken under this lock). */
  async lockPack(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext('huikuan.rule_pack'))`.execute(this.db);
  }

  async packRevisions(): Promise<RulePackRevisionRow[]> {
    return this.db
      .selectFrom('rule_pack_revision as r')
      .leftJoin('app_user as u', 'u.id', 'r.created_by')
      .select([
        'r.revision',
        'r.code',
        'r.base_version',
        'r.overrides',
        'r.reason',
        'r.created_by',
        'u.username as created_by_username',
        'r.created_at',
      ])
      .orderBy('r.revision', 'desc')
      .execute();
  }

  async latestPackRevision(): Promise<RulePackRevisionRow | undefined> {
    return this.db
      .selectFrom('rule_pack_revision as r')
      .leftJoin('app_user as u', 'u.id', 'r.created_by')
      .select([
        'r.revision',
        'r.code',
        'r.base_version',
        'r.overrides',
        'r.reason',
        'r.created_by',
        'u.username as created_by_username',
        'r.created_at',
      ])
      .orderBy('r.revision', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insertPackRevision(row: {
    revision: number;
    code: string;
    baseVersion: string;
    overrides: unknown;
    reason: string;
    createdBy: string | null;
  }): Promise<void> {
    await this.db
      .insertInto('rule_pack_revision')
      .values({
        revision: row.revision,
        code: row.code,
        base_version: row.baseVersion,
        overrides: JSON.stringify(row.overrides),
        reason: row.reason,
        created_by: row.createdBy,
      })
      .execute();
  }

  async insertDecision(d: GateDecisionWrite): Promise<void> {
    await this.insertDecisions([d]);
  }

  /**
   * Inserts many decisions, a chunk per statement, each column as one array parameter (`unnest`):
   * 21 parameters a statement instead of 21 a row, which Kysely would compile and node-postgres
   * serialise one by one. The facts go in as the canonical JSON text their hash was taken over.
   */
  async insertDecisions(rows: readonly GateDecisionWrite[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const col = <T>(f: (d: GateDecisionWrite) => T) => chunk.map(f);
      await sql`
        INSERT INTO gate_decision (id, decided_at, attempt_at, path, customer_id, case_id, contact_id,
                                   channel, party_role, actor_user_id, agency_id, allowed, rule_id, rule_ids,
                                   pack_code, pack_version, reason, citation, next_allowed_at, facts, facts_hash)
        SELECT id, decided_at, attempt_at, path, customer_id, case_id, contact_id,
               channel, party_role, actor_user_id, agency_id, allowed, rule_id, rule_ids::text[],
               pack_code, pack_version, reason::jsonb, citation, next_allowed_at, facts::jsonb, facts_hash
          FROM unnest(${col((d) => d.id)}::uuid[], ${col((d) => d.decidedAt.toISOString())}::timestamptz[],
                      ${col((d) => d.attemptAt.toISOString())}::timestamptz[], ${col((d) => d.path)}::text[],
                      ${col((d) => d.customerId)}::uuid[], ${col((d) => d.caseId)}::uuid[],
                      ${col((d) => d.contactId)}::uuid[], ${col((d) => d.channel)}::text[],
                      ${col((d) => d.partyRole)}::text[], ${col((d) => d.actorUserId)}::uuid[],
                      ${col((d) => d.agencyId)}::uuid[], ${col((d) => d.allowed)}::boolean[],
                      ${col((d) => d.ruleId)}::text[], ${col((d) => textArrayLiteral(d.ruleIds))}::text[],
                      ${col((d) => d.packCode)}::text[], ${col((d) => d.packVersion)}::text[],
                      ${col((d) => (d.reason === null || d.reason === undefined ? null : JSON.stringify(d.reason)))}::text[],
                      ${col((d) => d.citation)}::text[],
                      ${col((d) => d.nextAllowedAt?.toISOString() ?? null)}::timestamptz[],
                      ${col((d) => d.factsJson ?? JSON.stringify(d.facts) ?? null)}::text[],
                      ${col((d) => d.factsHash)}::text[])
            AS d(id, decided_at, attempt_at, path, customer_id, case_id, contact_id, channel, party_role,
                 actor_user_id, agency_id, allowed, rule_id, rule_ids, pack_code, pack_version, reason,
                 citation, next_allowed_at, facts, facts_hash)
      `.execute(this.db);
    }
  }

  async listDecisions(f: DecisionFilter): Promise<GateDecisionRow[]> {
    let q = this.db
      .selectFrom('gate_decision as d')
      .innerJoin('customer as c', 'c.id', 'd.customer_id')
      .leftJoin('app_user as u', 'u.id', 'd.actor_user_id')
      .leftJoin('agency as a', 'a.id', 'd.agency_id')
      .select([
        'd.id',
        'd.decided_at',
        'd.attempt_at',
        'd.path',
        'c.source_ref as customer_ref',
        'd.case_id',
        'd.contact_id',
        'd.channel',
        'd.party_role',
        'u.username as actor',
        'a.code as agency',
        'd.allowed',
        'd.rule_id',
        'd.rule_ids',
        'd.reason',
        'd.citation',
        'd.next_allowed_at',
        'd.pack_code',
        'd.pack_version',
        'd.facts',
        'd.facts_hash',
      ]);
    if (f.allowed !== undefined) q = q.where('d.allowed', '=', f.allowed);
    if (f.ruleId) q = q.where('d.rule_id', '=', f.ruleId);
    if (f.path) q = q.where('d.path', '=', f.path);
    if (f.channel) q = q.where('d.channel', '=', f.channel);
    if (f.customerRef) q = q.where('c.source_ref', '=', f.customerRef);
    if (f.from) q = q.where('d.decided_at', '>=', f.from);
    if (f.to) q = q.where('d.decided_at', '<', f.to);
    if (f.before) {
      const { decidedAt, id } = f.before;
      q = q.where(sql<boolean>`(d.decided_at, d.id) < (${decidedAt}, ${id}::uuid)`);
    }
    return q.orderBy('d.decided_at', 'desc').orderBy('d.id', 'desc').limit(f.limit).execute();
  }

  async institutionPhrases(): Promise<ScreeningPhraseRow[]> {
    return this.db
      .selectFrom('screening_phrase as p')
      .leftJoin('app_user as u', 'u.id', 'p.created_by')
      .select(['p.id', 'p.phrase', 'p.category', 'p.locale', 'p.created_at', 'u.username as created_by'])
      .orderBy('p.created_at')
      .execute();
  }

  /** Inserts a phrase; false when the same phrase already exists for the locale. */
  async insertPhrase(row: {
    id: string;
    phrase: string;
    category: string;
    locale: string;
    createdBy: string | null;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('screening_phrase')
      .values({
        id: row.id,
        phrase: row.phrase,
        category: row.category,
        locale: row.locale,
        created_by: row.createdBy,
      })
      .onConflict((oc) => oc.columns(['locale', 'phrase']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async deletePhrase(id: string): Promise<ScreeningPhraseRow | undefined> {
    const row = await this.db
      .deleteFrom('screening_phrase')
      .where('id', '=', id)
      .returning(['id', 'phrase', 'category', 'locale', 'created_at', 'created_by'])
      .executeTakeFirst();
    return row;
  }
}

/** Rows per insert statement (each array parameter holds one value a row). */
const INSERT_CHUNK = 1000;

/** A text array as a PostgreSQL array literal (a `text[]` value inside a `text[]` parameter). */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
