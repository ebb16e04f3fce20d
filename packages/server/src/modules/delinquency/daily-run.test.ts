import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

const contexts: TestContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function context(
  businessDate: string,
  partitionSize?: number,
  cleanLoansInSql = true,
): Promise<TestContext> {
  const ctx = await createTestContext({
    businessDate,
    cleanLoansInSql,
    ...(partitionSize ? { dailyRunPartitionSize: partitionSize } : {}),
  });
  contexts.push(ctx);
  return ctx;
}

async function setBusinessDate(ctx: TestContext, date: string) {
  await ctx.services.system.setBusinessDate(date, SYSTEM_ACTOR);
}

/** A one-installment loan: ¥10,000.00 principal at 18% due on `dueOn`, nothing paid. */
async function makeLoan(
  ctx: TestContext,
  options: { ref: string; dueOn: string; disbursedOn: string; principalFen?: number },
) {
  const r = ctx.services.uow.repositories.portfolio;
  const products = await r.upsertProducts([
    {
      code: 'T18',
      name: '测试产品',
      name_en: 'Test product',
      annual_rate: '0.18',
      term_months: 1,
      repayment_method: 'bullet',
      grace_days: 0,
      penalty_rate_multiplier: '1.5',
      day_count_basis: 'act/360',
      rounding: 'half-up',
      cost_cap_annual: '0.24',
      late_fee_fen: 0,
    },
  ]);
  const customerId = randomUUID();
  const loanId = randomUUID();
  const blob = Buffer.from([1]);
  await r.insertCustomers([
    {
      id: customerId,
      source_ref: `C-${options.ref}`,
      name: '测试',
      gender: 'M',
      birth_date: '1990-01-01',
      id_number_enc: blob,
      id_number_hash: Buffer.from(options.ref),
      mobile_enc: blob,
      mobile_hash: blob,
      address_enc: blob,
      province: '北京市',
      city: '北京市',
      region_code: '110105',
      time_zone: 'Asia/Shanghai',
      employer: null,
      monthly_income_fen: 0,
    },
  ]);
  const principal = options.principalFen ?? 1_000_000;
  await r.insertLoans([
    {
      id: loanId,
      source_ref: options.ref,
      customer_id: customerId,
      product_id: products.get('T18')!,
      principal_fen: principal,
      annual_rate: '0.18',
      term_months: 1,
      disbursed_on: options.disbursedOn,
      maturity_on: options.dueOn,
      status: 'active',
    },
  ]);
  // The borrower's own number works; the emergency contact's number was found invalid.
  await r.insertContacts([
    {
      customer_id: customerId,
      role: 'self',
      name: '测试',
      relation: '本人',
      phone_enc: blob,
      phone_hash: blob,
    },
    {
      customer_id: customerId,
      role: 'emergency',
      name: '联系人',
      relation: '朋友',
      phone_enc: blob,
      phone_hash: blob,
    },
  ]);
  await ctx.database.db
    .updateTable('contact')
    .set({ validity: 'invalid' })
    .where('customer_id', '=', customerId)
    .where('role', '=', 'emergency')
    .execute();
  await r.insertInstallments([
    {
      loan_id: loanId,
      seq: 1,
      due_on: options.dueOn,
      principal_due_fen: principal,
      interest_due_fen: 15_000,
      fee_due_fen: 0,
      principal_paid_fen: 0,
      interest_paid_fen: 0,
      fee_paid_fen: 0,
      paid_off_on: null,
    },
  ]);
  return loanId;
}

/** Everything the daily run writes, keyed by the loans' source references (ids differ between databases). */
async function outcome(ctx: TestContext) {
  const db = ctx.database.db;
  const states = await sql`
    SELECT l.source_ref, s.as_of::text, s.dpd, s.bucket, s.outstanding_principal_fen, s.overdue_principal_fen,
           s.overdue_interest_fen, s.overdue_penalty_fen, s.overdue_fees_fen, s.accrued_penalty_fen,
           s.accrued_compound_fen, s.accrued_fees_fen, s.principal_days, s.capped, s.episodes, s.worst_dpd,
           s.in_collection, s.valid_contacts, s.self_contact_valid, l.status
    FROM loan_state s JOIN loan l ON l.id = s.loan_id ORDER BY l.source_ref`.execute(db);
  const installments = await sql`
    SELECT l.source_ref, i.seq, i.penalty_due_fen, i.compound_due_fen, i.fee_due_fen
    FROM installment i JOIN loan l ON l.id = i.loan_id ORDER BY l.source_ref, i.seq`.execute(db);
  const snapshots = await sql`
    SELECT d.as_of::text, l.source_ref, d.dpd, d.bucket, d.penalty_accrued_today_fen, d.accrued_penalty_fen,
           d.in_collection, (d.case_id IS NOT NULL) AS has_case, d.valid_contacts, d.self_contact_valid
    FROM loan_daily d JOIN loan l ON l.id = d.loan_id ORDER BY d.as_of, l.source_ref`.execute(db);
  const cases = await sql`
    SELECT l.source_ref, c.opened_on::text, c.closed_on::text, c.close_reason, c.status, c.stage, c.bucket, c.dpd,
           (SELECT array_agg(e.kind || ':' || coalesce(e.to_value, '') || '@' || e.on_date::text ORDER BY e.id)
              FROM case_event e WHERE e.case_id = c.id) AS events
    FROM collection_case c JOIN loan l ON l.id = c.loan_id ORDER BY l.source_ref, c.opened_on`.execute(db);
  return {
    states: states.rows,
    installments: installments.rows,
    snapshots: snapshots.rows,
    cases: cases.rows,
  };
}

describe('daily run on a hand-built loan', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await context('2026-11-21');
    await makeLoan(ctx, { ref: 'L1', dueOn: '2026-11-20', disbursedOn: '2026-10-20' });
  });

  it('opens a case on the first day past due and accrues ¥7.50 of penalty (¥10,000.00 × 18% × 1.5 / 360)', async () => {
    const runs = await ctx.services.dailyRun.runUpTo('2026-11-21');
    expect(runs.map((r) => [r.asOf, r.status, r.loans])).toEqual([['2026-11-21', 'completed', 1]]);
    const o = await outcome(ctx);
    expect(o.states[0]).toMatchObject({
      dpd: 1,
      bucket: 'M1',
      overdue_penalty_fen: 750,
      in_collection: true,
      episodes: 1,
    });
    expect(o.installments[0]).toMatchObject({ penalty_due_fen: 750 });
    expect(o.cases).toEqual([
      expect.objectContaining({
        opened_on: '2026-11-21',
        status: 'open',
        stage: 'early',
        events: ['opened:early@2026-11-21'],
      }),
    ]);
  });

  it('catches up ten missing days in order across a month end, one snapshot per day', async () => {
    await setBusinessDate(ctx, '2026-12-01');
    const runs = await ctx.services.dailyRun.runUpTo('2026-12-01');
    expect(runs.map((r) => r.asOf)).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
    const o = await outcome(ctx);
    // 11 days × ¥7.50 = ¥82.50.
    expect(o.states[0]).toMatchObject({
      as_of: '2026-12-01',
      dpd: 11,
      accrued_penalty_fen: 8250,
      overdue_penalty_fen: 8250,
    });
    expect(o.snapshots.map((s) => (s as { as_of: string }).as_of)).toHaveLength(11);
    const parts = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'loan_daily'::regclass`.execute(
      ctx.database.db,
    );
    expect(parts.rows[0]!.n).toBe(2); // November and December
  });

  it('is idempotent: running the same date again changes nothing', async () => {
    const before = await outcome(ctx);
    const runs = await ctx.services.dailyRun.runUpTo('2026-12-01');
    expect(runs.map((r) => r.asOf)).toEqual(['2026-12-01']);
    expect(await outcome(ctx)).toEqual(before);
  });

  it('moves the case to the middle stage at DPD 31', async () => {
    await setBusinessDate(ctx, '2026-12-21');
    await ctx.services.dailyRun.runUpTo('2026-12-21');
    const o = await outcome(ctx);
    expect(o.states[0]).toMatchObject({ dpd: 31, bucket: 'M2' });
    expect(o.cases[0]).toMatchObject({
      stage: 'middle',
      events: ['opened:early@2026-11-21', 'stage_changed:middle@2026-12-21'],
    });
  });

  it('refuses a date after the business date with a coded error', async () => {
    await expect(ctx.services.dailyRun.runUpTo('2027-01-01')).rejects.toMatchObject({
      code: 'DAILY_RUN_AFTER_BUSINESS_DATE',
    });
  });

  it('finishes a completed day’s later steps after a crash in them, before the next day', async () => {
    const seen: string[] = [];
    let crash = true;
    ctx.services.dailyRun.afterEachDay('test step', async (asOf) => {
      seen.push(asOf);
      if (crash) throw new Error('crash in a later step');
    });
    await setBusinessDate(ctx, '2026-12-23');
    await expect(ctx.services.dailyRun.runUpTo('2026-12-22')).rejects.toThrow('crash in a later step');
    const run = await ctx.services.dailyRun.get('2026-12-22');
    expect(run?.status).toBe('completed'); // the day itself is done …
    const pending = () => ctx.services.uow.repositories.dailyRun.stepsPending('2026-12-23');
    expect(await pending()).toEqual(['2026-12-22']); // … its steps are not
    crash = false;
    await ctx.services.dailyRun.runUpTo('2026-12-23');
    expect(seen).toEqual(['2026-12-22', '2026-12-22', '2026-12-23']);
    expect(await pending()).toEqual([]);
    // The day's planning ran too: the case has its actions for both days.
    const planned = await sql<{ planned_for: string }>`
      SELECT DISTINCT planned_for::text FROM planned_action ORDER BY 1`.execute(ctx.database.db);
    expect(planned.rows.map((r) => r.planned_for)).toEqual(
      expect.arrayContaining(['2026-12-22', '2026-12-23']),
    );
  });
});

describe('a daily run that cannot compute a loan', () => {
  it('stops as failed with the reason, changes nothing, and completes once the data is fixed', async () => {
    const ctx = await context('2026-11-21');
    await makeLoan(ctx, { ref: 'OLD', dueOn: '2026-11-20', disbursedOn: '2019-01-10' });
    // A 4 × LPR cap needs the LPR at the contract date; the published table starts in 2019-08.
    await sql`UPDATE product SET cost_cap_kind = 'lpr_multiple', cost_cap_lpr_multiple = 4`.execute(
      ctx.database.db,
    );
    await expect(ctx.services.dailyRun.runUpTo('2026-11-21')).rejects.toThrow();
    const failed = await ctx.services.dailyRun.get('2026-11-21');
    expect(failed).toMatchObject({ status: 'failed', partitionsDone: 0 });
    expect(failed!.error).toMatch(/LPR/);
    expect((await outcome(ctx)).states).toEqual([]);
    await sql`UPDATE product SET cost_cap_kind = 'fixed'`.execute(ctx.database.db);
    const runs = await ctx.services.dailyRun.runUpTo('2026-11-21');
    expect(runs[0]).toMatchObject({ status: 'completed', error: null, loans: 1 });
  });
});

describe('daily run on a demo book', () => {
  it('gives the same results whatever the partitioning, and with clean loans run in SQL or in the domain', async () => {
    const a = await context('2026-11-28', 5000);
    const b = await context('2026-11-28', 37);
    const domainOnly = await context('2026-11-28', 5000, false);
    for (const c of [a, b, domainOnly]) {
      await c.services.demo.generate({ loans: 300, seed: 'daily' }, SYSTEM_ACTOR);
      await c.services.dailyRun.runUpTo('2026-11-28');
      await setBusinessDate(c, '2026-12-03');
      await c.services.dailyRun.runUpTo('2026-12-03');
    }
    const runB = await b.services.dailyRun.get('2026-12-03');
    expect(runB!.partitions).toBeGreaterThan(5);
    const oa = await outcome(a);
    expect(oa.cases.length).toBeGreaterThan(10);
    expect(await outcome(b)).toEqual(oa);
    expect(await outcome(domainOnly)).toEqual(oa);
    // Every active loan has a snapshot per day; every loan in collection has an open case.
    const check = await sql<{ missing: number; orphan: number }>`
      SELECT (SELECT count(*)::int FROM loan l WHERE l.status = 'active'
                AND NOT EXISTS (SELECT 1 FROM loan_daily d WHERE d.loan_id = l.id AND d.as_of = '2026-12-03')) AS missing,
             (SELECT count(*)::int FROM loan_state s WHERE s.in_collection
                AND NOT EXISTS (SELECT 1 FROM collection_case c WHERE c.loan_id = s.loan_id AND c.status = 'open')) AS orphan`.execute(
      a.database.db,
    );
    expect(check.rows[0]).toEqual({ missing: 0, orphan: 0 });
  });

  it('resumes after a worker is killed (kill -9) mid-run with identical results', async () => {
    const reference = await context('2026-11-28', 10);
    const crashed = await context('2026-11-28', 10);
    for (const c of [reference, crashed])
      await c.services.demo.generate({ loans: 400, seed: 'crash' }, SYSTEM_ACTOR);
    await reference.services.dailyRun.runUpTo('2026-11-28');

    const cli = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
    const child = execFile(process.execPath, [cli, 'run-day', '--as-of', '2026-11-28'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: crashed.url,
        HUIKUAN_ENCRYPTION_KEY: crashed.masterKey.toString('base64'),
        HUIKUAN_DAILY_RUN_PARTITION_SIZE: '10',
        LOG_LEVEL: 'error',
      },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Kill it once it has finished some partitions but not all.
    let killedAt = -1;
    for (let i = 0; i < 600 && killedAt < 0; i += 1) {
      const r = await sql<{ done: number; total: number }>`
        SELECT partitions_done AS done, partitions AS total FROM daily_run WHERE as_of = '2026-11-28'`.execute(
        crashed.database.db,
      );
      const row = r.rows[0];
      if (row && row.done >= 3 && row.done < row.total) {
        child.kill('SIGKILL');
        killedAt = row.done;
      } else if (row && row.done === row.total) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    await exited;
    expect(killedAt, `the worker was not caught mid-run; its stderr: ${stderr}`).toBeGreaterThan(0);
    const half = await crashed.services.dailyRun.get('2026-11-28');
    expect(half!.status).toBe('running');
    await crashed.services.dailyRun.runUpTo('2026-11-28');
    expect((await crashed.services.dailyRun.get('2026-11-28'))!.status).toBe('completed');
    expect(await outcome(crashed)).toEqual(await outcome(reference));
  });
});
