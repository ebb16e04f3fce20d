import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** A case with what the contact paths need to check scope and find the debtor. */
export interface ContactCaseRow {
  id: string;
  customer_id: string;
  loan_id: string;
  status: string;
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
}

/** The contact being reached, with its customer's zones. */
export interface ContactTargetRow {
  contact_id: string;
  customer_id: string;
  role: string;
  validity: string;
  refused_at: Date | null;
  phone_hash: Buffer;
  time_zone: string;
  other_time_zones: string[];
  region_code: string | null;
  deceased: boolean;
}

/** An earlier attempt to the same debtor, as the gate counts it. */
export interface PriorAttemptRow {
  id: string;
  at: Date;
  channel: string;
  contact_id: string;
  phone_hash: Buffer | null;
  party_role: string;
  status: string;
  connected: boolean | null;
  conversation: boolean | null;
  consent_within_7_days: boolean;
}

/** A hold active at an instant. */
export interface ActiveHoldRow {
  id: string;
  kind: string;
  channels: string[] | null;
}

export interface AttemptWrite {
  id: string;
  customerId: string;
  caseId: string | null;
  contactId: string;
  channel: string;
  partyRole: string;
  path: string;
  phoneHash: Buffer | null;
  at: Date;
  status: 'in-progress' | 'completed' | 'sent';
  actorUserId: string | null;
  agencyId: string | null;
  decisionId: string;
  breachRuleId: string | null;
  visitorUserIds: string[] | null;
  thirdPartyScript: string | null;
  outcome?: AttemptOutcomeWrite;
}

export interface AttemptOutcomeWrite {
  connected: boolean;
  conversation: boolean;
  rightParty: boolean | null;
  consentWithin7Days: boolean;
  outcomeCode: string;
  delinquencyReason?: string | null;
  willingness?: string | null;
  ability?: string | null;
  note: string | null;
  noteFindings: unknown;
  recordingRef: string | null;
  completedAt: Date;
  completedBy: string | null;
}

export interface AttemptRow {
  id: string;
  customer_id: string;
  customer_ref: string;
  case_id: string | null;
  contact_id: string;
  channel: string;
  party_role: string;
  path: string;
  at: Date;
  status: string;
  actor: string | null;
  agency_id: string | null;
  decision_id: string;
  breach_rule_id: string | null;
  connected: boolean | null;
  conversation: boolean | null;
  right_party: boolean | null;
  outcome_code: string | null;
  note: string | null;
  note_findings: unknown;
  recording_ref: string | null;
  completed_at: Date | null;
}

const PRIOR_ATTEMPT_COLUMNS = [
  'id',
  'at',
  'channel',
  'contact_id',
  'phone_hash',
  'party_role',
  'status',
  'connected',
  'conversation',
  'consent_within_7_days',
] as const;

/** Contact attempts and the facts the gate needs about a debtor. */
export class ContactsRepository {
  constructor(private readonly db: Database) {}

  async caseById(id: string): Promise<ContactCaseRow | undefined> {
    return this.db
      .selectFrom('collection_case')
      .select(['id', 'customer_id', 'loan_id', 'status', 'holder_user_id', 'holder_team_id', 'agency_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /**
   * Locks the debtor for the length of the transaction, so two collectors (of the institution or
   * any agency) deciding at once are counted one after the other and cannot both take the last call.
   */
  async lockCustomer(customerId: string): Promise<void> {
    await sql`SELECT 1 FROM customer WHERE id = ${customerId} FOR UPDATE`.execute(this.db);
  }

  /**
   * Locks many debtors at once, in id order (every batch takes them in the same order, so two
   * batches cannot deadlock on each other).
   */
  async lockCustomers(customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await sql`SELECT id FROM customer WHERE id = ANY(${[...customerIds]}::uuid[]) ORDER BY id FOR UPDATE`.execute(
      this.db,
    );
  }

  async contactTarget(contactId: string): Promise<ContactTargetRow | undefined> {
    return this.db
      .selectFrom('contact as ct')
      .innerJoin('customer as c', 'c.id', 'ct.customer_id')
      .select([
        'ct.id as contact_id',
        'ct.customer_id',
        'ct.role',
        'ct.validity',
        'ct.refused_at',
        'ct.phone_hash',
        'c.time_zone',
        'c.other_time_zones',
        'c.region_code',
        'c.deceased',
      ])
      .where('ct.id', '=', contactId)
      .executeTakeFirst();
  }

  /** The debtor's attempts in the window the gate looks back over (7-in-7 needs the last 7 local days). */
  async priorAttempts(customerId: string, from: Date, to: Date): Promise<PriorAttemptRow[]> {
    return this.db
      .selectFrom('contact_attempt')
      .select(PRIOR_ATTEMPT_COLUMNS)
      .where('customer_id', '=', customerId)
      .where('at', '>', from)
      .where('at', '<=', to)
      .orderBy('at')
      .execute();
  }

  /** `priorAttempts` for many debtors at once (each row carries its debtor), in time order. */
  async priorAttemptsOf(
    customerIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<(PriorAttemptRow & { customer_id: string })[]> {
    if (customerIds.length === 0) return [];
    return this.db
      .selectFrom('contact_attempt')
      .select([...PRIOR_ATTEMPT_COLUMNS, 'customer_id'])
      .where('customer_id', 'in', customerIds)
      .where('at', '>', from)
      .where('at', '<=', to)
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  /** `activeHolds` for many debtors at once. */
  async activeHoldsOf(
    customerIds: readonly string[],
    at: Date,
  ): Promise<(ActiveHoldRow & { customer_id: string })[]> {
    if (customerIds.length === 0) return [];
    return this.db
      .selectFrom('collection_hold')
      .select(['id', 'kind', 'channels', 'customer_id'])
      .where('customer_id', 'in', customerIds)
      .where('starts_at', '<=', at)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]))
      .where((eb) => eb.or([eb('released_at', 'is', null), eb('released_at', '>', at)]))
      .orderBy('starts_at')
      .execute();
  }

  async activeHolds(customerId: string, at: Date): Promise<ActiveHoldRow[]> {
    return this.db
      .selectFrom('collection_hold')
      .select(['id', 'kind', 'channels'])
      .where('customer_id', '=', customerId)
      .where('starts_at', '<=', at)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]))
      .where((eb) => eb.or([eb('released_at', 'is', null), eb('released_at', '>', at)]))
      .orderBy('starts_at')
      .execute();
  }

  /** The debtor's own numbers: whether any is usable (not invalid, not refused). */
  async selfContactUsable(customerId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('contact')
      .select(
        sql<boolean>`coalesce(bool_or(validity <> 'invalid' AND refused_at IS NULL), false)`.as('usable'),
      )
      .where('customer_id', '=', customerId)
      .where('role', 'in', ['self', 'guarantor'])
      .executeTakeFirstOrThrow();
    return row.usable;
  }

  /** The debtor's most recent calls to their own numbers whose outcome is known, newest first. */
  async recentSelfCallOutcomes(customerId: string, before: Date, limit: number): Promise<PriorAttemptRow[]> {
    return this.db
      .selectFrom('contact_attempt')
      .select(PRIOR_ATTEMPT_COLUMNS)
      .where('customer_id', '=', customerId)
      .where('channel', '=', 'call')
      .where('party_role', 'in', ['self', 'guarantor'])
      .where('status', '=', 'completed')
      .where('at', '<=', before)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
  }

  async insertAttempt(a: AttemptWrite): Promise<void> {
    await this.insertAttempts([a]);
  }

  /** Inserts many attempts with multi-row statements. */
  async insertAttempts(rows: readonly AttemptWrite[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('contact_attempt')
        .values(rows.slice(i, i + INSERT_CHUNK).map(attemptColumns))
        .execute();
    }
  }

  async attemptForUpdate(id: string): Promise<(AttemptRow & { actor_user_id: string | null }) | undefined> {
    return this.attemptQuery()
      .select('a.actor_user_id')
      .where('a.id', '=', id)
      .forUpdate('a')
      .executeTakeFirst();
  }

  async attempt(id: string): Promise<AttemptRow | undefined> {
    return this.attemptQuery().where('a.id', '=', id).executeTakeFirst();
  }

  async attemptsOfCase(caseId: string): Promise<AttemptRow[]> {
    return this.attemptQuery().where('a.case_id', '=', caseId).orderBy('a.at', 'desc').limit(500).execute();
  }

  /** The attempts among the ids that belong to the customer (for linking them to a complaint). */
  async attemptIdsOfCustomer(customerId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('contact_attempt')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('id', 'in', ids)
      .execute();
    return rows.map((r) => r.id);
  }

  async completeAttempt(id: string, outcome: AttemptOutcomeWrite): Promise<void> {
    await this.db
      .updateTable('contact_attempt')
      .set({ status: 'completed', ...outcomeColumns(outcome) })
      .where('id', '=', id)
      .execute();
  }

  /**
   * What a completed call changes on its case: the debtor's stated reason (a planning fact) and
   * today's call tasks, which the call has done.
   */
  async afterCall(caseId: string, reason: string | null, businessDate: string, at: Date): Promise<void> {
    if (reason) {
      await this.db
        .updateTable('collection_case')
        .set({ delinquency_reason: reason })
        .where('id', '=', caseId)
        .execute();
    }
    await this.db
      .updateTable('planned_action')
      .set({ status: 'done', updated_at: at })
      .where('case_id', '=', caseId)
      .where('channel', '=', 'call-task')
      .where('planned_for', '<=', businessDate)
      .where('status', '=', 'planned')
      .execute();
  }

  /** 空号/错号 the number is known not to reach the debtor. */
  async markContactInvalid(contactId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('contact')
      .set({ validity: 'invalid', last_verified_at: at })
      .where('id', '=', contactId)
      .execute();
  }

  async markContactRefused(contactId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('contact')
      .set({ refused_at: at })
      .where('id', '=', contactId)
      .where('refused_at', 'is', null)
      .execute();
  }

  /** Active users among the ids (a visit needs two collectors who can still log in). */
  async activeUserIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('app_user')
      .select('id')
      .where('id', 'in', ids)
      .where('disabled_at', 'is', null)
      .execute();
    return rows.map((r) => r.id);
  }

  private attemptQuery() {
    return this.db
      .selectFrom('contact_attempt as a')
      .innerJoin('customer as c', 'c.id', 'a.customer_id')
      .leftJoin('app_user as u', 'u.id', 'a.actor_user_id')
      .select([
        'a.id',
        'a.customer_id',
        'c.source_ref as customer_ref',
        'a.case_id',
        'a.contact_id',
        'a.channel',
        'a.party_role',
        'a.path',
        'a.at',
        'a.status',
        'u.username as actor',
        'a.agency_id',
        'a.decision_id',
        'a.breach_rule_id',
        'a.connected',
        'a.conversation',
        'a.right_party',
        'a.outcome_code',
        'a.note',
        'a.note_findings',
        'a.recording_ref',
        'a.completed_at',
      ]);
  }
}

/** Rows per multi-row insert (well under PostgreSQL's 65,535 parameters a statement). */
const INSERT_CHUNK = 1000;

function attemptColumns(a: AttemptWrite) {
  return {
    id: a.id,
    customer_id: a.customerId,
    case_id: a.caseId,
    contact_id: a.contactId,
    channel: a.channel,
    party_role: a.partyRole,
    path: a.path,
    phone_hash: a.phoneHash,
    at: a.at,
    status: a.status,
    actor_user_id: a.actorUserId,
    agency_id: a.agencyId,
    decision_id: a.decisionId,
    breach_rule_id: a.breachRuleId,
    visitor_user_ids: a.visitorUserIds,
    third_party_script: a.thirdPartyScript,
    ...(a.outcome ? outcomeColumns(a.outcome) : {}),
  };
}

function outcomeColumns(o: AttemptOutcomeWrite) {
  return {
    connected: o.connected,
    conversation: o.conversation,
    right_party: o.rightParty,
    consent_within_7_days: o.consentWithin7Days,
    outcome_code: o.outcomeCode,
    delinquency_reason: o.delinquencyReason ?? null,
    willingness: o.willingness ?? null,
    ability: o.ability ?? null,
    note: o.note,
    note_findings: o.noteFindings === null ? null : JSON.stringify(o.noteFindings),
    recording_ref: o.recordingRef,
    completed_at: o.completedAt,
    completed_by: o.completedBy,
  };
}
