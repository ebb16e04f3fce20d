/**
 * Huikuan benchmarks: `npm run bench [-- --quick] [-- --json] [-- <workload>…]`.
 * Each workload prints a figure, its goal, and the ratio to the simplest SQL doing the same
 * work on the same data (the reference), measured in the same run on the same machine:
 * compare ratios, not seconds, on a noisy 2-core machine. Needs `npm run build` first.
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary folder.
 */

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type ActiveHold,
  CN_RULE_PACK,
  type ContactAttempt,
  type ContactChannel,
  decide,
  type GateFacts,
  generateDemoPortfolio,
  type HoldKind,
  type PartyRole,
  type PriorAttempt,
  type RulePack,
  US_REGF_RULE_PACK,
} from '@huikuan/domain';
import pg from 'pg';
import { openDatabase } from '../packages/server/dist/db/database.js';
import { startEmbeddedPostgres } from '../packages/server/dist/db/embedded-postgres.js';
import { migrateToLatest } from '../packages/server/dist/db/migrate.js';
import { SYSTEM_ACTOR } from '../packages/server/dist/modules/audit/audit.service.js';
import { SANDBOX_CHANNELS } from '../packages/server/dist/modules/channels/channel-providers.js';
import { ComplianceRepository } from '../packages/server/dist/modules/compliance/compliance.repository.js';
import { ContactsRepository } from '../packages/server/dist/modules/contacts/contacts.repository.js';
import { DispatchRepository } from '../packages/server/dist/modules/dispatch/dispatch.repository.js';
import { fixedClock } from '../packages/server/dist/platform/clock.js';
import { deriveKeys } from '../packages/server/dist/platform/secrets.js';
import { createServices } from '../packages/server/dist/platform/services.js';
import { apiLoad } from './api.js';
import { dashboardLoad } from './dashboard.js';
import { importLoad } from './import.js';
import { benchServices, type WorkloadResult } from './workload.js';

type Result = WorkloadResult;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function withServer<T>(work: (adminUrl: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL);
  // A persistent folder, so large fixtures (the 1M-loan book) are built once and reused.
  const dir = path.resolve(process.env.HUIKUAN_BENCH_DATA_DIR ?? '.huikuan/bench');
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: dir,
    port: 55432,
    ...(process.env.HUIKUAN_BENCH_PG_LOG
      ? { log: (line: string) => process.stderr.write(`pg: ${line}`) }
      : {}),
  });
  try {
    return await work(server.urlFor('postgres'));
  } finally {
    await server.stop();
  }
}

async function freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hk_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/**
 * Demo portfolio load: generate and write N loans through the demo service (domain
 * generation, personal-data encryption, batched inserts, audit) versus the reference: the
 * same customers, contacts, loans, installments and payments inserted in plaintext by plain
 * `INSERT … SELECT FROM unnest(...)` in one transaction (generation time is ours only).
 */
async function demoLoad(adminUrl: string): Promise<Result> {
  const loans = quick ? 2_000 : 20_000;
  const ours = await freshDatabase(adminUrl);
  const handle = openDatabase(ours.url);
  let oursSeconds: number;
  try {
    await migrateToLatest(handle.db as never);
    const services = benchServices(handle.db);
    await services.uow.repositories.settings.set('business_date', '2026-11-28', new Date(), null);
    const t0 = process.hrtime.bigint();
    await services.demo.generate({ loans, seed: 'bench' }, SYSTEM_ACTOR);
    oursSeconds = seconds(t0);
  } finally {
    await handle.close();
    await ours.drop();
  }

  // Reference: the same loan and installment rows, plain SQL, no encryption, no ORM.
  const book = generateDemoPortfolio({ loans, seed: 'bench', businessDate: '2026-11-28' });
  const ref = await freshDatabase(adminUrl);
  const client = new pg.Client({ connectionString: ref.url });
  await client.connect();
  let refSeconds: number;
  try {
    await client.query(
      `CREATE TABLE customer_ref (ref text PRIMARY KEY, name text, id_number text, mobile text, address text)`,
    );
    await client.query(`CREATE TABLE contact_ref (customer_ref text, role text, name text, phone text)`);
    await client.query(`CREATE TABLE loan_ref (ref text PRIMARY KEY, customer_ref text, principal_fen bigint,
      disbursed_on date, maturity_on date)`);
    await client.query(`CREATE TABLE installment_ref (loan_ref text, seq int, due_on date, principal_due_fen bigint,
      interest_due_fen bigint, principal_paid_fen bigint, interest_paid_fen bigint, paid_off_on date,
      PRIMARY KEY (loan_ref, seq))`);
    await client.query(
      `CREATE TABLE payment_ref (ref text PRIMARY KEY, loan_ref text, amount_fen bigint, received_on date)`,
    );
    const insert = async <T>(rows: readonly T[], statement: string, columns: ((row: T) => unknown)[]) => {
      for (let i = 0; i < rows.length; i += 1000) {
        const part = rows.slice(i, i + 1000);
        await client.query(
          statement,
          columns.map((col) => part.map(col)),
        );
      }
    };
    const t0 = process.hrtime.bigint();
    await client.query('BEGIN');
    await insert(
      book.customers,
      'INSERT INTO customer_ref SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])',
      [(c) => c.sourceRef, (c) => c.name, (c) => c.idNumber, (c) => c.mobile, (c) => c.address],
    );
    await insert(
      book.contacts,
      'INSERT INTO contact_ref SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])',
      [(c) => c.customerRef, (c) => c.role, (c) => c.name, (c) => c.phone],
    );
    await insert(
      book.loans,
      'INSERT INTO loan_ref SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::date[], $5::date[])',
      [
        (l) => l.sourceRef,
        (l) => l.customerRef,
        (l) => l.principalFen,
        (l) => l.disbursedOn,
        (l) => l.maturityOn,
      ],
    );
    const installments = book.loans.flatMap((l) =>
      l.installments.map((x) => ({ loanRef: l.sourceRef, ...x })),
    );
    await insert(
      installments,
      'INSERT INTO installment_ref SELECT * FROM unnest($1::text[], $2::int[], $3::date[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::date[])',
      [
        (x) => x.loanRef,
        (x) => x.seq,
        (x) => x.dueOn,
        (x) => x.principalDueFen,
        (x) => x.interestDueFen,
        (x) => x.principalPaidFen,
        (x) => x.interestPaidFen,
        (x) => x.paidOffOn,
      ],
    );
    await insert(
      book.payments,
      'INSERT INTO payment_ref SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::date[])',
      [(p) => p.sourceRef, (p) => p.loanRef, (p) => p.amountFen, (p) => p.receivedOn],
    );
    await client.query('COMMIT');
    refSeconds = seconds(t0);
  } finally {
    await client.end();
    await ref.drop();
  }
  const per5k = (oursSeconds / loans) * 5000;
  return {
    workload: `demo load (${loans.toLocaleString('en-US')} loans)`,
    figure: `${Math.round(loans / oursSeconds).toLocaleString('en-US')} loans/s (${oursSeconds.toFixed(2)} s; ≈${per5k.toFixed(1)} s per 5,000)`,
    goal: '5,000 loans < 30 s',
    reference: `the same rows by plain INSERT…unnest, no encryption: ${refSeconds.toFixed(2)} s`,
    ratio: oursSeconds / refSeconds,
    peakRssMiB: 0,
  };
}

/**
 * A synthetic book built set-based in SQL (the demo generator writes ~1,000 loans/s, too slow
 * for 1M): `loans` loans of 12 monthly installments of ¥10,000.00 at 18%, disbursed 1–12
 * months before the date; 30% are delinquent with their last 1–6 due installments unpaid.
 * Loan ids are time-ordered (as the UUIDv7 ids Huikuan gives loans) and installments are
 * written loan by loan, as an ingest would.
 * Built once as a template database and copied for each run.
 */
async function bookTemplate(adminUrl: string, loans: number, asOf: string): Promise<string> {
  const name = `hk_bench_book_${loans}_v2`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return name;
    process.stderr.write(
      `building the ${loans.toLocaleString('en-US')}-loan book (once; cached as ${name})…\n`,
    );
    const building = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    await admin.query(`CREATE DATABASE ${building}`);
    const u = new URL(adminUrl);
    u.pathname = `/${building}`;
    const handle = openDatabase(u.toString());
    await migrateToLatest(handle.db as never);
    await handle.close();
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    await c.query(`
      INSERT INTO product (code, name, name_en, annual_rate, term_months, repayment_method, grace_days)
      VALUES ('B18', '基准产品', 'Bench product', 0.18, 12, 'equal_principal', 0);
      INSERT INTO customer (id, source_ref, name, id_number_enc, id_number_hash, region_code)
      SELECT md5('c' || i)::uuid, 'C' || lpad(i::text, 9, '0'), '客户' || i, '\\x01', decode(md5('c' || i), 'hex'), '110105'
      FROM generate_series(1, ${loans}) i;
      INSERT INTO loan (id, source_ref, customer_id, product_id, principal_fen, annual_rate, term_months, disbursed_on, maturity_on)
      SELECT (lpad(to_hex(i), 12, '0') || '7' || substr(md5('l' || i), 1, 3) || '8' || substr(md5('l' || i), 4, 15))::uuid,
             'L' || lpad(i::text, 9, '0'), md5('c' || i)::uuid, (SELECT id FROM product WHERE code = 'B18'),
             1200000, 0.18, 12, d, (d + interval '12 months')::date
      FROM generate_series(1, ${loans}) i, LATERAL (SELECT ('${asOf}'::date - (30 + (i::bigint * 7919) % 330)::int)::date AS d) x;
      INSERT INTO installment (loan_id, seq, due_on, principal_due_fen, interest_due_fen, principal_paid_fen, interest_paid_fen, paid_off_on)
      SELECT l.id, k, due, 100000, 15000,
             CASE WHEN due < '${asOf}'::date AND NOT unpaid THEN 100000 ELSE 0 END,
             CASE WHEN due < '${asOf}'::date AND NOT unpaid THEN 15000 ELSE 0 END,
             CASE WHEN due < '${asOf}'::date AND NOT unpaid THEN due END
      FROM (SELECT * FROM loan ORDER BY id) l
      CROSS JOIN generate_series(1, 12) k
      CROSS JOIN LATERAL (SELECT (l.disbursed_on + make_interval(months => k))::date AS due,
                                 substr(l.source_ref, 2)::int AS n) y
      CROSS JOIN LATERAL (SELECT (n % 10 < 3) AND k > (SELECT count(*) FROM generate_series(1, 12) j
                                   WHERE (l.disbursed_on + make_interval(months => j))::date < '${asOf}'::date) - (1 + n % 6)
                          AS unpaid) z;
      ANALYZE;
    `);
    await c.end();
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    return name;
  } finally {
    await admin.end();
  }
}

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../packages/server/dist/cli.js', import.meta.url));

/**
 * The daily run over a large book, by two worker processes sharing the partitions, against
 * the reference: the single set-based statement computing DPD and overdue amount per loan.
 */
async function dailyRunLoad(adminUrl: string): Promise<Result> {
  const at = args.indexOf('--loans');
  const loansArg = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--loans='))?.split('=')[1];
  const loans = loansArg ? Number(loansArg) : quick ? 20_000 : 100_000;
  const asOf = '2026-11-28';
  const template = await bookTemplate(adminUrl, loans, asOf);
  const name = `hk_bench_run_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  try {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`INSERT INTO app_setting (key, value) VALUES ('business_date', '"${asOf}"')`);
    // Reference: DPD and overdue amount per loan in one statement.
    const r0 = process.hrtime.bigint();
    await c.query(`
      CREATE TEMP TABLE ref_state AS
      SELECT loan_id, '${asOf}'::date - min(due_on) FILTER (WHERE paid_off_on IS NULL AND due_on < '${asOf}') AS dpd,
             sum(principal_due_fen - principal_paid_fen) FILTER (WHERE due_on < '${asOf}') AS overdue_principal_fen,
             sum(interest_due_fen - interest_paid_fen) FILTER (WHERE due_on < '${asOf}') AS overdue_interest_fen
      FROM installment GROUP BY loan_id`);
    const refSeconds = seconds(r0);
    await c.end();

    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: url,
      HUIKUAN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'error',
    };
    const wAt = args.indexOf('--workers');
    const workers = wAt >= 0 ? Number(args[wAt + 1]) : 1;
    // Day 1 is the first run on the book (every delinquent loan opens a case); day 2 is a
    // steady-state day. Both are timed; the ratio is taken on the steady-state day.
    const day = async (asOfDay: string) => {
      const t0 = process.hrtime.bigint();
      const outputs = await Promise.all(
        Array.from({ length: workers }, () =>
          run(
            '/usr/bin/time',
            ['-f', 'maxrss_kib=%M', process.execPath, CLI, 'run-day', '--as-of', asOfDay, '--profile'],
            {
              env,
              maxBuffer: 1 << 24,
            },
          ),
        ),
      );
      const wall = seconds(t0);
      const rss = outputs.map((o) => Math.round(Number(/maxrss_kib=(\d+)/.exec(o.stderr)?.[1] ?? 0) / 1024));
      const profile = outputs.map((o) => /profile: (.*?), peak/.exec(o.stdout)?.[1] ?? '?').join(' | ');
      return { wall, rss, profile };
    };
    const first = await day(asOf);
    const c2 = new pg.Client({ connectionString: url });
    await c2.connect();
    await c2.query(`UPDATE app_setting SET value = '"2026-11-29"' WHERE key = 'business_date'`);
    await c2.end();
    const second = await day('2026-11-29');
    return {
      workload: `daily run (${loans.toLocaleString('en-US')} loans, ${workers} worker${workers > 1 ? 's' : ''})`,
      figure:
        `steady day ${second.wall.toFixed(1)} s (${Math.round(loans / second.wall).toLocaleString('en-US')} loans/s; ${second.profile}); ` +
        `first day ${first.wall.toFixed(1)} s (${first.profile}); worker RSS ${[...first.rss, ...second.rss].join(' / ')} MiB`,
      goal: '1M loans ≤ 30 s and ≤ 6× reference',
      reference: `one set-based SQL statement (DPD + overdue per loan): ${refSeconds.toFixed(2)} s`,
      ratio: second.wall / refSeconds,
      peakRssMiB: Math.max(...first.rss, ...second.rss),
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Wraps the named async methods of `target` to add their wall time (ns) to `into`, by name. */
function timeMethods(target: object, names: readonly string[], into: Map<string, bigint>): () => void {
  const obj = target as Record<string, unknown>;
  const originals = names.map((name) => [name, obj[name]] as const);
  for (const [name, fn] of originals) {
    const original = fn as (...a: unknown[]) => Promise<unknown>;
    obj[name] = async function (this: unknown, ...a: unknown[]) {
      const t0 = process.hrtime.bigint();
      try {
        return await original.apply(this, a);
      } finally {
        into.set(name, (into.get(name) ?? 0n) + process.hrtime.bigint() - t0);
      }
    };
  }
  return () => {
    for (const [name, fn] of originals) obj[name] = fn;
  };
}

/** Counts the statements sent through node-postgres (every pool client), by first keyword. */
function countStatements(into: Map<string, number>): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const first = a[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
    const word = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? '?';
    into.set(word, (into.get(word) ?? 0) + 1);
    return original.apply(this, a);
  };
  return () => {
    proto.query = original;
  };
}

/**
 * Dispatch: a demo book of N loans, its first daily run (which opens the cases and plans the
 * day's actions from the default strategy), then `dispatch.sendDue(500)` in a loop at 10:00
 * institution time until nothing is claimed — each due SMS/push through the compliance gate into
 * the sandbox outbox. Against the reference, on a copy of the same database taken before
 * dispatching: one statement that marks the due message actions sent, writes a message per
 * action (first usable contact, approved template with the debtor's name) and its outbox row.
 * The providers' rate limit (HUIKUAN_PROVIDER_RATE, 50/s by default) is lifted: it is the
 * provider's contract, not our cost, and with a clock standing still its bucket never refills.
 */
async function dispatchLoad(adminUrl: string): Promise<Result> {
  const loans = quick ? 3_000 : 20_000;
  const limit = 500;
  const asOf = '2026-11-28';
  const at = new Date('2026-11-28T02:00:00Z'); // 10:00 Asia/Shanghai
  const keys = deriveKeys(randomBytes(32));
  const servicesOn = (db: ReturnType<typeof openDatabase>['db']) =>
    createServices({
      db,
      keys,
      clock: fixedClock(at),
      timeZone: 'Asia/Shanghai',
      institutionName: 'bench',
      databaseMode: 'external',
      sessionTtlMinutes: 30,
      channels: { ...SANDBOX_CHANNELS, ratePerSecond: 1_000_000 },
    });
  const ours = await freshDatabase(adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const refName = `${new URL(ours.url).pathname.slice(1)}_ref`;
  try {
    // The book, its first day and the day's plan (not timed).
    let handle = openDatabase(ours.url);
    let planned: { channel: string; n: number }[];
    try {
      await migrateToLatest(handle.db as never);
      const services = servicesOn(handle.db);
      await services.uow.repositories.settings.set('business_date', asOf, at, null);
      await services.demo.generate({ loans, seed: 'bench' }, SYSTEM_ACTOR);
      await services.dailyRun.runUpTo(asOf);
      const counts = await handle.pool.query<{ channel: string; n: number }>(
        `SELECT channel, count(*)::int AS n FROM planned_action
          WHERE status IN ('planned','deferred') AND due_at <= $1 GROUP BY channel ORDER BY 2 DESC`,
        [at],
      );
      planned = counts.rows;
      await handle.pool.query('ANALYZE');
    } finally {
      await handle.close();
    }
    const due = planned.filter((p) =>
      ['sms', 'push', 'email', 'emergency-contact-message'].includes(p.channel),
    );
    const dueMessages = due.reduce((n, p) => n + p.n, 0);
    await admin.query(`CREATE DATABASE ${refName} TEMPLATE ${new URL(ours.url).pathname.slice(1)}`);

    // Reference: the same due actions sent in one set-based statement, on the copy.
    const refUrl = new URL(ours.url);
    refUrl.pathname = `/${refName}`;
    const c = new pg.Client({ connectionString: refUrl.toString() });
    await c.connect();
    let refSeconds: number;
    let refRows: number;
    try {
      const r0 = process.hrtime.bigint();
      const ref = await c.query(
        `WITH due AS (
           UPDATE planned_action SET status = 'sent', attempts = attempts + 1, updated_at = $1
            WHERE status IN ('planned','deferred') AND channel = ANY($2::text[]) AND due_at <= $1
           RETURNING id, case_id, customer_id, channel, template_code
         ), msg AS (
           INSERT INTO message (id, idempotency_key, planned_action_id, case_id, contact_id, channel,
                                template_code, template_version, provider, body, status, tries, sent_at)
           SELECT gen_random_uuid(), 'pa:' || d.id, d.id, d.case_id, ct.id,
                  CASE WHEN d.channel IN ('push', 'email') THEN d.channel ELSE 'sms' END,
                  d.template_code, t.version, 'sandbox', replace(t.body, '{{debtorName}}', cu.name),
                  'accepted', 1, $1
             FROM due d
             JOIN customer cu ON cu.id = d.customer_id
             JOIN message_template t ON t.code = d.template_code AND t.locale = 'zh-CN' AND t.status = 'approved'
             JOIN LATERAL (SELECT id FROM contact
                            WHERE customer_id = d.customer_id AND validity <> 'invalid' AND refused_at IS NULL
                              AND role = ANY(CASE WHEN d.channel = 'emergency-contact-message'
                                                  THEN ARRAY['emergency','spouse'] ELSE ARRAY['self'] END)
                            ORDER BY validity = 'valid' DESC, created_at LIMIT 1) ct ON true
           RETURNING id, channel, body
         )
         INSERT INTO outbox_message (id, message_id, channel, to_masked, body, received_at)
         SELECT gen_random_uuid(), m.id, m.channel, '138****0000', m.body, $1 FROM msg m`,
        [at, ['sms', 'push', 'email', 'emergency-contact-message']],
      );
      refSeconds = seconds(r0);
      refRows = ref.rowCount ?? 0;
    } finally {
      await c.end();
      await admin.query(`DROP DATABASE IF EXISTS ${refName} WITH (FORCE)`);
    }

    // Ours: sendDue in a loop until nothing is claimed, timed, with a breakdown by step. The
    // repositories are timed on their prototypes (each transaction binds new instances), the
    // gate's decision loop on the service; the two lanes of a page overlap, so the steps are
    // shown in ms summed over lanes, not as shares of the wall time.
    handle = openDatabase(ours.url);
    try {
      const services = servicesOn(handle.db);
      const spent = new Map<string, bigint>();
      const statements = new Map<string, number>();
      const restore = [
        timeMethods(services.contacts, ['dispatchBatch'], spent),
        timeMethods(
          DispatchRepository.prototype,
          [
            'leaseDue',
            'pageActions',
            'approvedTemplates',
            'insertMessages',
            'putOutboxMany',
            'updateActions',
          ],
          spent,
        ),
        timeMethods(
          ContactsRepository.prototype,
          ['lockCustomers', 'priorAttemptsOf', 'activeHoldsOf', 'insertAttempts'],
          spent,
        ),
        timeMethods(ComplianceRepository.prototype, ['latestPackRevision', 'insertDecisions'], spent),
        countStatements(statements),
      ];
      const total: Record<string, number> = { claimed: 0, sent: 0, deferred: 0, cancelled: 0, failed: 0 };
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      try {
        for (;;) {
          const summary = await services.dispatch.sendDue(limit);
          for (const [k, v] of Object.entries(summary)) total[k] = (total[k] ?? 0) + v;
          if (summary.claimed === 0) break;
        }
      } finally {
        for (const undo of restore) undo();
      }
      const oursSeconds = seconds(t0);
      const cpu = process.cpuUsage(cpu0);
      const outbox = Number(
        (await handle.pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox_message')).rows[0]!.n,
      );
      const ms = (ns: bigint) => `${Math.round(Number(ns) / 1e6)} ms`;
      const get = (...names: string[]) => names.reduce((sum, name) => sum + (spent.get(name) ?? 0n), 0n);
      const claimed = total.claimed ?? 0;
      const sent = total.sent ?? 0;
      const pages = statements.get('begin') ?? 0;
      const stmtTotal = [...statements.values()].reduce((a, b) => a + b, 0);
      const reads =
        get('lockCustomers', 'pageActions', 'approvedTemplates', 'latestPackRevision') +
        get('priorAttemptsOf', 'activeHoldsOf');
      const writes = get(
        'insertDecisions',
        'insertAttempts',
        'insertMessages',
        'putOutboxMany',
        'updateActions',
      );
      // The gate's own time less its loads and writes: deciding, hashing and screening in this
      // process, and its second lock of the page's debtors.
      const gateSql =
        get('latestPackRevision', 'priorAttemptsOf', 'activeHoldsOf') +
        get('insertDecisions', 'insertAttempts');
      const breakdown = [
        `lease ${ms(get('leaseDue'))}`,
        `locks+loads ${ms(reads)}`,
        `writes ${ms(writes)} (decisions ${ms(get('insertDecisions'))}, attempts ${ms(get('insertAttempts'))}, messages ${ms(get('insertMessages'))}, outbox ${ms(get('putOutboxMany'))}, actions ${ms(get('updateActions'))})`,
        `gate in process ${ms(get('dispatchBatch') - gateSql)}`,
        `node CPU ${((100 * (cpu.user + cpu.system)) / 1e6 / oursSeconds).toFixed(0)}% of wall`,
      ].join(', ');
      const perPage = [...statements.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([word, n]) => `${n} ${word}`)
        .join(' + ');
      const refRate = refRows / refSeconds;
      const oursRate = outbox / oursSeconds;
      return {
        workload: `dispatch (${loans.toLocaleString('en-US')} loans, ${dueMessages.toLocaleString('en-US')} due message actions: ${due.map((p) => `${p.n.toLocaleString('en-US')} ${p.channel}`).join(', ')})`,
        figure:
          `${Math.round(oursRate).toLocaleString('en-US')} messages/s (${outbox.toLocaleString('en-US')} messages, ${oursSeconds.toFixed(2)} s; ` +
          `claimed ${claimed}: sent ${sent}, deferred ${total.deferred}, cancelled ${total.cancelled}, failed ${total.failed}); ` +
          `steps summed over lanes: ${breakdown}; ${stmtTotal} SQL statements, ${pages} transactions (${perPage})`,
        goal: '≥ 5,000/s',
        reference: `one UPDATE…RETURNING → INSERT message → INSERT outbox statement on a copy: ${Math.round(refRate).toLocaleString('en-US')} messages/s (${refRows.toLocaleString('en-US')} messages, ${refSeconds.toFixed(2)} s)`,
        ratio: refRate / oursRate,
        peakRssMiB: 0,
      };
    } finally {
      await handle.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${refName} WITH (FORCE)`);
    await admin.end();
    await ours.drop();
  }
}

/** A small seeded generator (mulberry32), so every run decides the same inputs. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GateInput {
  attempt: ContactAttempt;
  facts: GateFacts;
  pack: RulePack;
}

/**
 * Realistic gate inputs: 80% cn / 20% us-regf; a mix of channels, roles and debtor zones
 * (including debtors who may be in two zones); each decision carries 10–30 earlier attempts
 * over the last 7 days and 0–2 holds (mostly none). Times span 2026-03-02…03-13, across the
 * US daylight-saving start, and are mostly in the daytime as a dialer schedules them.
 */
function gateInputs(count: number): GateInput[] {
  const random = seededRandom(20260308);
  const pick = <T>(weighted: readonly (readonly [T, number])[]): T => {
    let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
    for (const [value, w] of weighted) {
      r -= w;
      if (r < 0) return value;
    }
    return weighted[weighted.length - 1]![0];
  };
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  // Approximate standard / daylight offsets (hours) are enough to place generated times.
  const offsets: Record<string, [number, number]> = {
    'Asia/Shanghai': [8, 8],
    'Asia/Urumqi': [6, 6],
    'America/New_York': [-5, -4],
    'America/Chicago': [-6, -5],
    'America/Los_Angeles': [-8, -7],
  };
  const DAY = 86_400_000;
  const dstStart = Date.UTC(2026, 2, 8, 7);
  const localToUtc = (dayIndex: number, minute: number, zone: string) => {
    const wall = Date.UTC(2026, 2, 2 + dayIndex) + minute * 60_000 + between(0, 59_999);
    const [standard, daylight] = offsets[zone]!;
    return wall - (wall - standard * 3_600_000 >= dstStart ? daylight : standard) * 3_600_000;
  };
  const minuteOfDay = () => (random() < 0.85 ? between(8 * 60, 21 * 60 - 1) : between(0, 1439));
  const holdKinds: HoldKind[] = ['dispute', 'complaint', 'hardship', 'deceased', 'legal', 'channel-stop'];
  const inputs: GateInput[] = [];
  for (let i = 0; i < count; i++) {
    const cn = random() < 0.8;
    const zones = cn
      ? pick<string[]>([
          [['Asia/Shanghai'], 90],
          [['Asia/Urumqi'], 7],
          [['Asia/Shanghai', 'Asia/Urumqi'], 3],
        ])
      : pick<string[]>([
          [['America/New_York'], 60],
          [['America/Chicago'], 15],
          [['America/Los_Angeles'], 10],
          [['America/New_York', 'America/Chicago'], 10],
          [['America/New_York', 'America/Los_Angeles'], 5],
        ]);
    const zone = zones[0]!;
    const day = between(7, 11);
    const atMs = localToUtc(day, minuteOfDay(), zone);
    const channel = cn
      ? pick<ContactChannel>([
          ['call', 60],
          ['sms', 20],
          ['push', 10],
          ['email', 5],
          ['visit', 3],
          ['letter', 2],
        ])
      : pick<ContactChannel>([
          ['call', 60],
          ['sms', 15],
          ['email', 20],
          ['letter', 5],
        ]);
    const partyRole = pick<PartyRole>([
      ['self', 80],
      ['guarantor', 5],
      ['emergency', 7],
      ['spouse', 3],
      ['other', 3],
      ['employer', 2],
    ]);
    const priorAttempts: PriorAttempt[] = [];
    for (let n = between(10, 30); n > 0; n--) {
      const priorChannel = pick<ContactChannel>([
        ['call', 65],
        ['sms', 20],
        ['push', 5],
        ['email', 10],
      ]);
      const connected = priorChannel !== 'call' || random() < 0.6;
      const priorMs = Math.min(atMs - 60_000, localToUtc(day - between(0, 6), minuteOfDay(), zone));
      priorAttempts.push({
        atMs: Math.max(priorMs, atMs - 7 * DAY),
        channel: priorChannel,
        contactId: random() < 0.9 ? 'debtor' : `contact-${between(1, 3)}`,
        phoneHash: `phone-${between(1, 3)}`,
        connected,
        conversation: priorChannel === 'call' && connected && random() < 0.3,
        partyRole: 'self',
        consentWithin7Days: !cn && random() < 0.05,
      });
    }
    priorAttempts.sort((a, b) => a.atMs - b.atMs);
    const activeHolds: ActiveHold[] = [];
    for (
      let h = pick([
        [0, 90],
        [1, 7],
        [2, 3],
      ]);
      h > 0;
      h--
    ) {
      const kind = holdKinds[between(0, holdKinds.length - 1)]!;
      activeHolds.push({ kind, channelScope: kind === 'channel-stop' ? ['sms'] : 'all' });
    }
    const thirdParty = partyRole !== 'self' && partyRole !== 'guarantor';
    inputs.push({
      pack: cn ? CN_RULE_PACK : US_REGF_RULE_PACK,
      attempt: {
        atMs,
        channel,
        partyRole,
        contactId: thirdParty ? `contact-${between(1, 3)}` : 'debtor',
        phoneHash: `phone-${between(1, 3)}`,
        templateApprovedForThirdParty: thirdParty && random() < 0.8,
        ...(random() < 0.01 ? { contentFindings: [{ category: 'threat', phrase: '上门' }] } : {}),
        debtorTimeZones: zones,
      },
      facts: {
        priorAttempts,
        activeHolds,
        contactRefused: random() < 0.01,
        debtorUnreachable: random() < 0.5,
        consentCoversQuietHours: random() < 0.03,
      },
    });
  }
  return inputs;
}

/**
 * Compliance gate decisions per second, in process (no database): `decide` over pre-generated
 * realistic inputs, against the reference: the simplest code doing the core of the same work
 * over the same inputs, a hand-inlined loop that reads the attempt's local time (one cached
 * Intl formatter per zone), checks one fixed 22:00–08:00 quiet window and counts same-day calls.
 */
async function gateLoad(): Promise<Result> {
  const decisions = quick ? 20_000 : 200_000;
  const inputs = gateInputs(Math.min(decisions, 20_000));
  const run = (decideOne: (input: GateInput) => boolean) => {
    for (let i = 0; i < Math.min(inputs.length, 2_000); i++) decideOne(inputs[i]!); // warm up
    let allowed = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < decisions; i++) if (decideOne(inputs[i % inputs.length]!)) allowed++;
    return { seconds: seconds(t0), allowed };
  };
  const ours = run(({ attempt, facts, pack }) => decide(attempt, facts, pack).allowed);

  const formatters = new Map<string, Intl.DateTimeFormat>();
  const reference = ({ attempt, facts }: GateInput): boolean => {
    const zone = attempt.debtorTimeZones[0]!;
    let format = formatters.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      formatters.set(zone, format);
    }
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of format.formatToParts(attempt.atMs)) {
      if (part.type === 'hour') hour = Number(part.value);
      else if (part.type === 'minute') minute = Number(part.value);
      else if (part.type === 'second') second = Number(part.value);
    }
    if (hour >= 22 || hour < 8) return false;
    const dayStart = attempt.atMs - (attempt.atMs % 1000) - ((hour * 60 + minute) * 60 + second) * 1000;
    let calls = 0;
    for (const p of facts.priorAttempts) {
      if (p.channel === 'call' && p.conversation && p.atMs >= dayStart && p.atMs <= attempt.atMs) calls++;
    }
    return calls < 3;
  };
  const ref = run(reference);
  const rate = decisions / ours.seconds;
  return {
    workload: `gate (${decisions.toLocaleString('en-US')} decisions, ${((100 * ours.allowed) / decisions).toFixed(0)}% allowed)`,
    figure: `${Math.round(rate).toLocaleString('en-US')} decisions/s (${ours.seconds.toFixed(2)} s)`,
    goal: '≥ 50,000/s',
    reference: `hand-inlined loop: one fixed quiet window + same-day conversation count: ${Math.round(decisions / ref.seconds).toLocaleString('en-US')} decisions/s (${ref.seconds.toFixed(2)} s)`,
    ratio: ours.seconds / ref.seconds,
    peakRssMiB: 0,
  };
}

const WORKLOADS: Record<string, (adminUrl: string) => Promise<Result | Result[]>> = {
  demo: demoLoad,
  'daily-run': dailyRunLoad,
  dispatch: dispatchLoad,
  api: (adminUrl) => apiLoad(adminUrl, { quick, args, bookTemplate }),
  import: (adminUrl) => importLoad(adminUrl, { quick, args, freshDatabase }),
  dashboard: (adminUrl) => dashboardLoad(adminUrl, { quick, args, bookTemplate }),
};

/** Workloads that run in process and need no database. */
const LOCAL_WORKLOADS: Record<string, () => Promise<Result>> = {
  gate: gateLoad,
};

const selected = (name: string) => only.length === 0 || only.includes(name);
const results: Result[] = [];
const started = process.hrtime.bigint();
let failed = false;
for (const [name, run] of Object.entries(LOCAL_WORKLOADS)) {
  if (!selected(name)) continue;
  peakRss = 0;
  const r = await run();
  r.peakRssMiB = Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1048576);
  results.push(r);
}
if (Object.keys(WORKLOADS).some(selected)) {
  await withServer(async (adminUrl) => {
    for (const [name, run] of Object.entries(WORKLOADS)) {
      if (!selected(name)) continue;
      peakRss = 0;
      // A workload may report several rows (api: one per endpoint) and the peak RSS of the
      // process it measures (a server or worker); this process's own peak is the floor.
      const t0 = process.hrtime.bigint();
      let rows: Result[];
      try {
        rows = [await run(adminUrl)].flat();
      } catch (error) {
        // One failing workload does not stop the suite: it is a row of the table, and the exit code.
        failed = true;
        process.stderr.write(`bench: ${name} failed: ${(error as Error).stack ?? error}\n`);
        rows = [
          {
            workload: name,
            figure: `FAILED: ${(error as Error).message}`,
            goal: '—',
            reference: '—',
            ratio: null,
            peakRssMiB: 0,
          },
        ];
      }
      process.stderr.write(`bench: ${name} took ${seconds(t0).toFixed(0)} s\n`);
      for (const r of rows) {
        r.peakRssMiB = Math.max(r.peakRssMiB, Math.round(peakRss / 1048576));
        results.push(r);
      }
    }
  });
}
clearInterval(sampler);
process.stderr.write(`bench: ${results.length} rows in ${seconds(started).toFixed(0)} s\n`);
if (json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const rows = results.map((r) => [
    r.workload,
    r.figure,
    r.goal,
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    `${r.peakRssMiB} MiB`,
    r.reference,
  ]);
  // One Markdown table (pastes into docs/performance.md); a `|` inside a cell is escaped.
  const head = ['workload', 'figure', 'goal', 'ratio to reference', 'peak RSS', 'reference'];
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |\n`;
  process.stdout.write(line(head));
  process.stdout.write(`|${head.map(() => '---').join('|')}|\n`);
  for (const row of rows) process.stdout.write(line(row));
}
process.exit(failed ? 1 : 0);
