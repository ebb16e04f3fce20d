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
import { generateDemoPortfolio } from '@huikuan/domain';
import pg from 'pg';
import { openDatabase } from '../packages/server/dist/db/database.js';
import { startEmbeddedPostgres } from '../packages/server/dist/db/embedded-postgres.js';
import { migrateToLatest } from '../packages/server/dist/db/migrate.js';
import { SYSTEM_ACTOR } from '../packages/server/dist/modules/audit/audit.service.js';
import { fixedClock } from '../packages/server/dist/platform/clock.js';
import { deriveKeys } from '../packages/server/dist/platform/secrets.js';
import { createServices } from '../packages/server/dist/platform/services.js';

interface Result {
  workload: string;
  figure: string;
  goal: string;
  reference: string;
  ratio: number | null;
  peakRssMiB: number;
}

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
    const services = createServices({
      db: handle.db,
      keys: deriveKeys(randomBytes(32)),
      clock: fixedClock(new Date('2026-11-28T02:00:00Z')),
      timeZone: 'Asia/Shanghai',
      institutionName: 'bench',
      databaseMode: 'external',
      sessionTtlMinutes: 30,
    });
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

const WORKLOADS: Record<string, (adminUrl: string) => Promise<Result>> = {
  demo: demoLoad,
  'daily-run': dailyRunLoad,
};

const results: Result[] = [];
await withServer(async (adminUrl) => {
  for (const [name, run] of Object.entries(WORKLOADS)) {
    if (only.length && !only.includes(name)) continue;
    peakRss = 0;
    const r = await run(adminUrl);
    r.peakRssMiB = Math.round(peakRss / 1048576);
    results.push(r);
  }
});
clearInterval(sampler);
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
  const head = ['workload', 'figure', 'goal', 'ratio to reference', 'peak RSS', 'reference'];
  for (const row of [head, ...rows]) process.stdout.write(`${row.join(' | ')}\n`);
}
process.exit(0);
