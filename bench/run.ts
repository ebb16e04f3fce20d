/**
 * Huikuan benchmarks: `npm run bench [-- --quick] [-- --json] [-- <workload>…]`.
 * Each workload prints a figure, its goal, and the ratio to the simplest SQL doing the same
 * work on the same data (the reference), measured in the same run on the same machine:
 * compare ratios, not seconds, on a noisy 2-core machine. Needs `npm run build` first.
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
const only = args.filter((a) => !a.startsWith('--'));
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function withServer<T>(work: (adminUrl: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL);
  const dir = await mkdtemp(path.join(tmpdir(), 'huikuan-bench-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: dir, port: 55000 + Math.floor(Math.random() * 900) });
  try {
    return await work(server.urlFor('postgres'));
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
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

const WORKLOADS: Record<string, (adminUrl: string) => Promise<Result>> = { demo: demoLoad };

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
