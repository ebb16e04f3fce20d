import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { PlanningCaseRow } from '../dispatch/dispatch.repository.js';

/** A strategy version for lists: no definition, its name and segment count read from the JSON. */
export interface StrategyVersionListRow {
  id: string;
  code: string;
  version: number;
  status: string;
  name: unknown;
  segment_count: number;
  author_id: string | null;
  author: string | null;
  approver: string | null;
  created_at: Date;
  submitted_at: Date | null;
  activated_at: Date | null;
  retired_at: Date | null;
  /** Bumped by each edit of the draft (optimistic locking). */
  revision: number;
  /** Who edited the draft besides its author (none of them may approve it). */
  editor_ids: string[];
  updated_at: Date | null;
}

/** A strategy version with its definition. */
export interface StrategyVersionRow extends StrategyVersionListRow {
  definition: unknown;
}

/** One message template version. */
export interface TemplateVersionRow {
  id: string;
  code: string;
  channel: string;
  locale: string;
  version: number;
  status: string;
  subject: string | null;
  body: string;
  author_id: string | null;
  author: string | null;
  approver: string | null;
  created_at: Date;
  approved_at: Date | null;
  revision: number;
  editor_ids: string[];
  updated_at: Date | null;
}

/** The latest version of a template code and locale, with the number of its approved version. */
export interface LatestTemplateRow extends TemplateVersionRow {
  approved_version: number | null;
}

/** An approved template: what a strategy step may name, in which locale and for which channel. */
export interface ApprovedTemplateRow {
  code: string;
  locale: string;
  channel: string;
}

/** Strategy versions and message template versions (their lifecycle; planning reads them in dispatch). */
export class StrategyRepository {
  constructor(private readonly db: Database) {}

  /** Serialises version numbering and status changes of one strategy code until the transaction ends. */
  async lockStrategyCode(code: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`huikuan.strategy:${code}`}))`.execute(this.db);
  }

  /** Serialises version numbering and approval of one template code and locale. */
  async lockTemplate(code: string, locale: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`huikuan.template:${code}:${locale}`}))`.execute(
      this.db,
    );
  }

  private strategyQuery() {
    return this.db
      .selectFrom('strategy_version as s')
      .leftJoin('app_user as au', 'au.id', 's.author_id')
      .leftJoin('app_user as pu', 'pu.id', 's.approver_id')
      .select([
        's.id',
        's.code',
        's.version',
        's.status',
        sql<unknown>`s.definition -> 'name'`.as('name'),
        sql<number>`coalesce(jsonb_array_length(s.definition -> 'segments'), 0)`.as('segment_count'),
        's.author_id',
        'au.username as author',
        'pu.username as approver',
        's.created_at',
        's.submitted_at',
        's.activated_at',
        's.retired_at',
        's.revision',
        's.editor_ids',
        's.updated_at',
      ]);
  }

  /** Every version, by code then newest first (a few per code: versions are made by people). */
  async listStrategyVersions(limit: number): Promise<StrategyVersionListRow[]> {
    return this.strategyQuery().orderBy('s.code').orderBy('s.version', 'desc').limit(limit).execute();
  }

  async strategyVersion(id: string, forUpdate = false): Promise<StrategyVersionRow | undefined> {
    let q = this.strategyQuery().select('s.definition').where('s.id', '=', id);
    if (forUpdate) q = q.forUpdate('s');
    return q.executeTakeFirst();
  }

  async activeStrategyId(code: string): Promise<{ id: string; version: number } | undefined> {
    return this.db
      .selectFrom('strategy_version')
      .select(['id', 'version'])
      .where('code', '=', code)
      .where('status', '=', 'active')
      .executeTakeFirst();
  }

  /** The active versions of every code, with their definitions (for template-use checks). */
  async activeStrategies(): Promise<{ id: string; code: string; version: number; definition: unknown }[]> {
    return this.db
      .selectFrom('strategy_version')
      .select(['id', 'code', 'version', 'definition'])
      .where('status', '=', 'active')
      .execute();
  }

  async nextStrategyVersion(code: string): Promise<number> {
    const row = await this.db
      .selectFrom('strategy_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('code', '=', code)
      .executeTakeFirst();
    return Number(row?.v ?? 0) + 1;
  }

  async insertStrategyVersion(row: {
    id: string;
    code: string;
    version: number;
    definition: unknown;
    authorId: string | null;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('strategy_version')
      .values({
        id: row.id,
        code: row.code,
        version: row.version,
        status: 'draft',
        definition: JSON.stringify(row.definition),
        author_id: row.authorId,
        created_at: row.at,
      })
      .execute();
  }

  /**
   * Replaces the definition of a draft at `revision` and bumps the revision; records the editor
   * when it is not the author. Returns false (nothing written) when the row is no longer that
   * draft at that revision.
   */
  async updateStrategyDraft(row: {
    id: string;
    revision: number;
    definition: unknown;
    editorId: string | null;
    at: Date;
  }): Promise<boolean> {
    const result = await this.db
      .updateTable('strategy_version')
      .set({
        definition: JSON.stringify(row.definition),
        revision: sql<number>`revision + 1`,
        editor_ids: sql<string[]>`CASE
          WHEN ${row.editorId}::uuid IS NULL OR ${row.editorId}::uuid = author_id
            OR ${row.editorId}::uuid = ANY(editor_ids) THEN editor_ids
          ELSE array_append(editor_ids, ${row.editorId}::uuid) END`,
        updated_at: row.at,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'draft')
      .where('revision', '=', row.revision)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markStrategySubmitted(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('strategy_version')
      .set({ status: 'in-review', submitted_at: at })
      .where('id', '=', id)
      .execute();
  }

  async markStrategyActive(id: string, approverId: string | null, at: Date): Promise<void> {
    await this.db
      .updateTable('strategy_version')
      .set({ status: 'active', approver_id: approverId, activated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async markStrategyRetired(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('strategy_version')
      .set({ status: 'retired', retired_at: at })
      .where('id', '=', id)
      .execute();
  }

  // ---------------------------------------------------------------------------------------
  // Templates

  private templateQuery() {
    return this.db
      .selectFrom('message_template as t')
      .leftJoin('app_user as au', 'au.id', 't.author_id')
      .leftJoin('app_user as pu', 'pu.id', 't.approver_id')
      .select([
        't.id',
        't.code',
        't.channel',
        't.locale',
        't.version',
        't.status',
        't.subject',
        't.body',
        't.author_id',
        'au.username as author',
        'pu.username as approver',
        't.created_at',
        't.approved_at',
        't.revision',
        't.editor_ids',
        't.updated_at',
      ]);
  }

  /** The latest version of each code and locale, with the number of the approved one (if any). */
  async latestTemplates(): Promise<LatestTemplateRow[]> {
    return this.templateQuery()
      .select(
        sql<number | null>`(SELECT a.version FROM message_template a
                             WHERE a.code = t.code AND a.locale = t.locale AND a.status = 'approved')`.as(
          'approved_version',
        ),
      )
      .where(
        't.version',
        '=',
        sql<number>`(SELECT max(m.version) FROM message_template m WHERE m.code = t.code AND m.locale = t.locale)`,
      )
      .orderBy('t.code')
      .orderBy('t.locale')
      .execute();
  }

  async templateVersions(code: string, locale: string, limit: number): Promise<TemplateVersionRow[]> {
    return this.templateQuery()
      .where('t.code', '=', code)
      .where('t.locale', '=', locale)
      .orderBy('t.version', 'desc')
      .limit(limit)
      .execute();
  }

  async templatesInReview(limit: number): Promise<TemplateVersionRow[]> {
    return this.templateQuery()
      .where('t.status', '=', 'in-review')
      .orderBy('t.created_at')
      .limit(limit)
      .execute();
  }

  async templateVersion(id: string, forUpdate = false): Promise<TemplateVersionRow | undefined> {
    let q = this.templateQuery().where('t.id', '=', id);
    if (forUpdate) q = q.forUpdate('t');
    return q.executeTakeFirst();
  }

  /** The channels the versions of a template code were written for (any locale). */
  async templateChannels(code: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('message_template')
      .select('channel')
      .distinct()
      .where('code', '=', code)
      .execute();
    return rows.map((r) => r.channel);
  }

  async nextTemplateVersion(code: string, locale: string): Promise<number> {
    const row = await this.db
      .selectFrom('message_template')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('code', '=', code)
      .where('locale', '=', locale)
      .executeTakeFirst();
    return Number(row?.v ?? 0) + 1;
  }

  async insertTemplateVersion(row: {
    id: string;
    code: string;
    channel: string;
    locale: string;
    version: number;
    subject: string | null;
    body: string;
    authorId: string | null;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('message_template')
      .values({
        id: row.id,
        code: row.code,
        channel: row.channel,
        locale: row.locale,
        version: row.version,
        subject: row.subject,
        body: row.body,
        status: 'draft',
        author_id: row.authorId,
        created_at: row.at,
      })
      .execute();
  }

  /** Replaces the text of a template draft at `revision` (as updateStrategyDraft). */
  async updateTemplateDraft(row: {
    id: string;
    revision: number;
    subject: string | null;
    body: string;
    editorId: string | null;
    at: Date;
  }): Promise<boolean> {
    const result = await this.db
      .updateTable('message_template')
      .set({
        subject: row.subject,
        body: row.body,
        revision: sql<number>`revision + 1`,
        editor_ids: sql<string[]>`CASE
          WHEN ${row.editorId}::uuid IS NULL OR ${row.editorId}::uuid = author_id
            OR ${row.editorId}::uuid = ANY(editor_ids) THEN editor_ids
          ELSE array_append(editor_ids, ${row.editorId}::uuid) END`,
        updated_at: row.at,
      })
      .where('id', '=', row.id)
      .where('status', '=', 'draft')
      .where('revision', '=', row.revision)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setTemplateStatus(id: string, status: 'in-review' | 'retired'): Promise<void> {
    await this.db.updateTable('message_template').set({ status }).where('id', '=', id).execute();
  }

  /** Retires the approved version of a code and locale (if any); returns its id and version. */
  async retireApprovedTemplate(
    code: string,
    locale: string,
  ): Promise<{ id: string; version: number } | undefined> {
    return this.db
      .updateTable('message_template')
      .set({ status: 'retired' })
      .where('code', '=', code)
      .where('locale', '=', locale)
      .where('status', '=', 'approved')
      .returning(['id', 'version'])
      .executeTakeFirst();
  }

  async markTemplateApproved(id: string, approverId: string | null, at: Date): Promise<void> {
    await this.db
      .updateTable('message_template')
      .set({ status: 'approved', approver_id: approverId, approved_at: at })
      .where('id', '=', id)
      .execute();
  }

  /** The approved templates: what strategy steps may name. */
  async approvedTemplates(): Promise<ApprovedTemplateRow[]> {
    return this.db
      .selectFrom('message_template')
      .select(['code', 'locale', 'channel'])
      .where('status', '=', 'approved')
      .execute();
  }

  // ---------------------------------------------------------------------------------------
  // The book and the call capacity, for simulation and the A/A check

  /** Open case ids in id order after `afterId`. */
  async openCaseIds(afterId: string | null, limit: number): Promise<string[]> {
    let q = this.db
      .selectFrom('collection_case')
      .select('id')
      .where('status', '=', 'open')
      .orderBy('id')
      .limit(limit);
    if (afterId) q = q.where('id', '>', afterId);
    return (await q.execute()).map((r) => r.id);
  }

  /**
   * Whether the daily snapshot of `asOf` can be read: its daily run completed and, when that run
   * had loans, their snapshot rows are still there (not pruned); and the earliest snapshot date.
   */
  async snapshotAvailability(asOf: string): Promise<{ available: boolean; earliest: string | null }> {
    const r = await sql<{ available: boolean; earliest: string | null }>`
      SELECT EXISTS (SELECT 1 FROM daily_run r WHERE r.as_of = ${asOf}::date AND r.status = 'completed'
                       AND (r.loans = 0 OR EXISTS (SELECT 1 FROM loan_daily d WHERE d.as_of = ${asOf}::date)))
               AS available,
             (SELECT min(d.as_of)::text FROM loan_daily d) AS earliest`.execute(this.db);
    return r.rows[0] ?? { available: false, earliest: null };
  }

  /**
   * 历史营业日的在催案件 the cases open at the end of business date `asOf` (in its daily run's
   * snapshot and not closed that day), with their planning
   * facts as that day's snapshot holds them, in loan id order after `afterLoanId` (the
   * snapshot's key). From the snapshot (loan_daily): which loans had an open case, DPD, bucket,
   * amounts, episodes, worst DPD and contact validity; stage and stage start from the case's
   * events up to that day; the last contact outcome from attempts before that day ended (in
   * `timeZone`). Product, region, province and held collateral are read as they are today.
   */
  async snapshotPlanningCases(
    asOf: string,
    timeZone: string,
    afterLoanId: string | null,
    limit: number,
  ): Promise<(PlanningCaseRow & { loan_id: string })[]> {
    const r = await sql<PlanningCaseRow & { loan_id: string }>`
      SELECT d.loan_id::text, cc.id::text AS case_id, cc.customer_id::text,
             coalesce(st.to_value, cc.stage) AS stage, cc.opened_on::text AS opened_on,
             coalesce(st.on_date, cc.opened_on)::text AS stage_started_on,
             d.dpd, d.bucket,
             (d.overdue_principal_fen + d.overdue_interest_fen + d.overdue_fees_fen + d.overdue_penalty_fen)::bigint AS overdue_fen,
             l.principal_fen,
             (d.outstanding_principal_fen + d.overdue_interest_fen + d.overdue_fees_fen + d.overdue_penalty_fen)::bigint AS outstanding_fen,
             d.episodes, greatest(d.worst_dpd, d.dpd) AS worst_dpd,
             (SELECT a.outcome_code FROM contact_attempt a
               WHERE a.case_id = cc.id AND a.outcome_code IS NOT NULL
                 AND a.at < ((${asOf}::date + 1)::timestamp AT TIME ZONE ${timeZone})
               ORDER BY a.at DESC LIMIT 1) AS last_outcome,
             p.code AS product_code, c.region_code, c.province,
             EXISTS (SELECT 1 FROM collateral co WHERE co.loan_id = l.id AND co.status = 'held') AS has_collateral,
             d.self_contact_valid, d.valid_contacts,
             NULL AS assigned_version_id, NULL AS assigned_segment, NULL AS assigned_stage
        FROM loan_daily d
        JOIN collection_case cc ON cc.id = d.case_id
        JOIN loan l ON l.id = d.loan_id
        JOIN product p ON p.id = d.product_id
        JOIN customer c ON c.id = cc.customer_id
        LEFT JOIN LATERAL (
          SELECT e.to_value, e.on_date FROM case_event e
           WHERE e.case_id = cc.id AND e.kind IN ('opened', 'stage_changed') AND e.on_date <= ${asOf}::date
           ORDER BY e.on_date DESC, e.id DESC LIMIT 1) st ON true
       WHERE d.as_of = ${asOf}::date AND d.case_id IS NOT NULL
         -- A payment later that day may have closed the case: the book at the day's end.
         AND (cc.closed_on IS NULL OR cc.closed_on > ${asOf}::date)
         AND (${afterLoanId}::uuid IS NULL OR d.loan_id > ${afterLoanId}::uuid)
       ORDER BY d.loan_id
       LIMIT ${limit}`.execute(this.db);
    return r.rows;
  }

  /** Enabled users with the collector role (the in-house call workforce). */
  async activeCollectorCount(): Promise<number> {
    const row = await this.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('disabled_at', 'is', null)
      .where(sql<boolean>`roles @> ARRAY['collector']::text[]`)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
