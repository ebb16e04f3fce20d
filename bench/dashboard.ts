/**
 * The `dashboard` workload (issue 7): the analytics dashboards through HTTP on a book with D days
 * of daily runs — the rollups are written by each day's run (its analytics step), as in
 * production. The book is the daily-run workload's synthetic book (N loans × 12 monthly
 * installments, 30% delinquent), with the other 70% paying every installment on time (their
 * installments due in the D days are marked paid before the runs; the daily run reads paid
 * amounts, not payment history — so those whose last installment falls in the D days are paid off
 * and leave the book on day 2, not at maturity: 976 of 20,000 loans over 30 days); day 1 opens
 * the cases, days 2…D run in one `huikuan run-day`.
 * No calls, payments or promises are made, so the activity and promise rollups are empty and the
 * case-day rows carry no attempts: the cost is in the rows read, which are all there. Built once
 * and cached as a template database (`hk_bench_dash_<N>_<D>d_v2`: v2 has the rollups of
 * migration 20261129100000-analytics-speed written by the daily runs), copied for each run.
 *
 * Measured: p50/p95/p99 of each dashboard request, through the real server in its own process
 * (bench/api-server.ts) under `--connections` (default 5) concurrent connections of one signed-in
 * analyst (autocannon), after a warm-up; against the reference: the simplest SQL reading the same
 * rollup rows, by the same number of callers through node-postgres (pool of 20; 2 s with --quick).
 * Also, by one caller (median of 3; once with --quick), the same figure from the raw snapshots
 * (loan_daily): why rollups exist.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../packages/server/dist/db/database.js';
import { migrateToLatest } from '../packages/server/dist/db/migrate.js';
import { hashPassword } from '../packages/server/dist/modules/identity/password-hasher.js';
import { freePort, logIn, PASSWORD, peakRssOf, startServer } from './api.js';
import {
  type BookTemplate,
  fmt,
  ms,
  now,
  percentiles,
  type WorkloadOptions,
  type WorkloadResult,
} from './workload.js';

export type DashboardResult = WorkloadResult;

export interface DashboardOptions extends WorkloadOptions {
  bookTemplate: BookTemplate;
}

const AS_OF = '2026-11-28';
const POOL = 20;
const GOAL = 'p95 ≤ 300 ms (1M loans × 90 days)';
const CLI = fileURLToPath(new URL('../packages/server/dist/cli.js', import.meta.url));
const run = promisify(execFile);

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`${name}=`))?.split('=')[1];
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The book with `days` days of daily runs (and their rollups), built once as a template. */
async function dashboardTemplate(
  adminUrl: string,
  loans: number,
  days: number,
  bookTemplate: DashboardOptions['bookTemplate'],
): Promise<string> {
  const name = `hk_bench_dash_${loans}_${days}d_v2`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return name;
    const book = await bookTemplate(adminUrl, loans, AS_OF);
    process.stderr.write(
      `dashboard: building ${fmt(loans)} loans × ${days} days of daily runs (once; cached as ${name})…\n`,
    );
    const building = `${name}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    await admin.query(`CREATE DATABASE ${building} TEMPLATE ${book}`);
    const u = new URL(adminUrl);
    u.pathname = `/${building}`;
    const url = u.toString();
    const handle = openDatabase(url);
    await migrateToLatest(handle.db as never);
    await handle.close();
    const last = addDays(AS_OF, days - 1);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`INSERT INTO app_setting (key, value) VALUES ('business_date', '"${AS_OF}"')`);
    // The 70% who pay: every installment due in the period paid on its due date.
    await c.query(
      `UPDATE installment i SET principal_paid_fen = i.principal_due_fen, interest_paid_fen = i.interest_due_fen,
              paid_off_on = i.due_on
         FROM loan l
        WHERE l.id = i.loan_id AND substr(l.source_ref, 2)::int % 10 >= 3
          AND i.due_on >= $1::date AND i.due_on <= $2::date`,
      [AS_OF, last],
    );
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: url,
      HUIKUAN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'error',
    };
    const t0 = now();
    await run(process.execPath, [CLI, 'run-day', '--as-of', AS_OF], { env, maxBuffer: 1 << 24 });
    if (days > 1) {
      await c.query(`UPDATE app_setting SET value = $1 WHERE key = 'business_date'`, [JSON.stringify(last)]);
      await run(process.execPath, [CLI, 'run-day', '--as-of', last], { env, maxBuffer: 1 << 26 });
    }
    process.stderr.write(`dashboard: ${days} daily runs in ${((now() - t0) / 1000).toFixed(0)} s\n`);
    await c.query('VACUUM ANALYZE');
    await c.end();
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    return name;
  } finally {
    await admin.end();
  }
}

/** autocannon: `connections` connections of one session on one path; every response's latency. */
async function cannon(url: string, cookie: string, path: string, connections: number, duration: number) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sample = '';
  const result = await autocannon({
    url,
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        method: 'GET',
        path,
        headers: { cookie },
        onResponse: (status, body) => {
          if ((status < 200 || status > 299) && !sample) sample = `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
    setupClient: (client) => {
      client.on('response', (status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        statuses[status] = (statuses[status] ?? 0) + 1;
      });
    },
  });
  if (sample) process.stderr.write(`dashboard: ${path}: ${sample}\n`);
  const bad = Object.entries(statuses)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  return {
    lat: percentiles(latencies),
    rps: latencies.length / result.duration,
    requests: latencies.length,
    errors: result.errors + result.timeouts + bad,
  };
}

/** `callers` callers in a closed loop for `duration` s over a pool of POOL, each running `step`. */
async function closedLoop(
  pool: pg.Pool,
  callers: number,
  duration: number,
  step: (p: pg.Pool) => Promise<void>,
) {
  const latencies: number[] = [];
  const t0 = now();
  const end = t0 + duration * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (now() < end) {
        const s = now();
        await step(pool);
        latencies.push(now() - s);
      }
    }),
  );
  return { lat: percentiles(latencies), rps: latencies.length / ((now() - t0) / 1000) };
}

/** Median of `runs` single-caller runs of the statements, in ms. */
async function timedOnce(pool: pg.Pool, statements: readonly string[], runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    for (const s of statements) await pool.query(s);
    times.push(now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function dashboardLoad(adminUrl: string, o: DashboardOptions): Promise<DashboardResult[]> {
  const loans = Number(option(o.args, '--loans') ?? (o.quick ? 20_000 : 100_000));
  const days = Number(option(o.args, '--days') ?? 30);
  const connections = Number(option(o.args, '--connections') ?? 5);
  const duration = Number(option(o.args, '--duration') ?? (o.quick ? 3 : 10));
  const warmup = o.quick ? 1 : 3;
  const template = await dashboardTemplate(adminUrl, loans, days, o.bookTemplate);
  const name = `hk_bench_dashrun_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const last = addDays(AS_OF, days - 1);
  const from = addDays(AS_OF, 1);
  const masterKey = randomBytes(32);
  let server: ChildProcess | null = null;
  const pool = new pg.Pool({ connectionString: dbUrl, max: POOL });
  try {
    const handle = openDatabase(dbUrl);
    await migrateToLatest(handle.db as never);
    await handle.close();
    await pool.query(
      `INSERT INTO app_user (username, display_name, password_hash, roles)
       VALUES ('bench_analyst', '分析员', $1, '{strategy_manager}')`,
      [await hashPassword(PASSWORD)],
    );
    const sizes = (
      await pool.query<{ t: string; n: string }>(
        `SELECT 'case-day' AS t, count(*) AS n FROM analytics_case_day
         UNION ALL SELECT 'case-year', count(*) FROM analytics_case_year
         UNION ALL SELECT 'position-day', count(*) FROM analytics_position_day
         UNION ALL SELECT 'entry-day', count(*) FROM analytics_entry_day
         UNION ALL SELECT 'loan_daily', count(*) FROM loan_daily`,
      )
    ).rows;
    const rows = Object.fromEntries(sizes.map((r) => [r.t, Number(r.n)]));
    const port = await freePort();
    const started = await startServer({
      PATH: process.env.PATH ?? '',
      DATABASE_URL: dbUrl,
      HUIKUAN_ENCRYPTION_KEY: masterKey.toString('base64'),
      HUIKUAN_BENCH_CLOCK: `${addDays(last, 1)}T02:00:00Z`,
      HUIKUAN_DAILY_RUN_AT: 'off',
      LOG_LEVEL: 'error',
      PORT: String(port),
    });
    server = started.child;
    const { url } = started;
    const { cookie } = await logIn(url, 'bench_analyst');

    // The month ends the portfolio dashboard reads (the last rolled-up day of each month from the
    // month before `from`), as the rollup reads compute them.
    const monthStart = `${from.slice(0, 7)}-01`;
    const firstDay = addDays(monthStart, -1).slice(0, 8).concat('01');
    const ends = `(SELECT max(as_of) FROM analytics_rollup_day WHERE as_of BETWEEN '${firstDay}' AND '${last}'
                   GROUP BY to_char(as_of, 'YYYY-MM'))`;
    const q = `from=${from}&to=${last}`;
    const endpoints: {
      key: string;
      label: string;
      path: string;
      reference: { label: string; statements: string[] };
      raw?: { label: string; statements: string[] };
    }[] = [
      {
        key: 'portfolio',
        label: `GET /analytics/dashboards/portfolio?${q}`,
        path: `/api/v1/analytics/dashboards/portfolio?${q}`,
        reference: {
          label: 'month-end positions by bucket + entry tallies by due date, from the rollups (2 statements)',
          statements: [
            `SELECT as_of, bucket, sum(loans), sum(balance_fen) FROM analytics_position_day
              WHERE kind = 'end' AND as_of IN ${ends} GROUP BY 1, 2`,
            `SELECT due_on, sum(installments), sum(entered), sum(entered_fen) FROM analytics_entry_day
              WHERE due_on BETWEEN '${from}' AND '${last}' GROUP BY 1`,
          ],
        },
        raw: {
          label: "each loan's latest snapshot in each month, by bucket, from loan_daily",
          statements: [
            `SELECT month, bucket, count(*), sum(outstanding_principal_fen) FROM (
               SELECT DISTINCT ON (to_char(as_of, 'YYYY-MM'), loan_id) to_char(as_of, 'YYYY-MM') AS month, bucket,
                      outstanding_principal_fen
                 FROM loan_daily WHERE as_of BETWEEN '${firstDay}' AND '${last}'
                ORDER BY to_char(as_of, 'YYYY-MM'), loan_id, as_of DESC) x GROUP BY 1, 2`,
          ],
        },
      },
      {
        key: 'portfolio by region',
        label: `GET /analytics/dashboards/portfolio?${q}&dimension=region`,
        path: `/api/v1/analytics/dashboards/portfolio?${q}&dimension=region`,
        reference: {
          label: 'the same two reads grouped by region',
          statements: [
            `SELECT as_of, region, bucket, sum(loans), sum(balance_fen) FROM analytics_position_day
              WHERE kind = 'end' AND as_of IN ${ends} GROUP BY 1, 2, 3`,
            `SELECT due_on, region, sum(installments), sum(entered), sum(entered_fen) FROM analytics_entry_day
              WHERE due_on BETWEEN '${from}' AND '${last}' GROUP BY 1, 2`,
          ],
        },
      },
      {
        key: 'collection',
        label: `GET /analytics/dashboards/collection?${q}`,
        path: `/api/v1/analytics/dashboards/collection?${q}`,
        reference: {
          label:
            'cure cohort by bucket on the start day (day counts), distinct cases held over the period (year rows), activity sums, from the rollups (3 statements)',
          statements: [
            `SELECT bucket, sum(cases) FROM analytics_case_count_day WHERE as_of = '${addDays(from, -1)}' GROUP BY 1`,
            `SELECT count(DISTINCT case_id) FROM analytics_case_year WHERE last_day >= '${from}' AND first_day <= '${last}'`,
            `SELECT sum(calls_dialed), sum(calls_connected), sum(payments), sum(collected_fen)
               FROM analytics_activity_day WHERE as_of BETWEEN '${from}' AND '${last}'`,
          ],
        },
        raw: {
          label: 'cure cohort and distinct held cases from loan_daily',
          statements: [
            `SELECT bucket, count(*) FROM loan_daily WHERE as_of = '${addDays(from, -1)}' AND case_id IS NOT NULL GROUP BY 1`,
            `SELECT count(DISTINCT case_id) FROM loan_daily WHERE as_of BETWEEN '${from}' AND '${last}' AND case_id IS NOT NULL`,
          ],
        },
      },
      {
        key: 'collection by product',
        label: `GET /analytics/dashboards/collection?${q}&dimension=product`,
        path: `/api/v1/analytics/dashboards/collection?${q}&dimension=product`,
        reference: {
          label: 'the same three reads grouped by product',
          statements: [
            `SELECT product_id, bucket, sum(cases) FROM analytics_case_count_day WHERE as_of = '${addDays(from, -1)}'
              GROUP BY 1, 2`,
            `SELECT product_id, count(DISTINCT case_id) FROM analytics_case_year
              WHERE last_day >= '${from}' AND first_day <= '${last}' GROUP BY 1`,
            `SELECT product_id, sum(calls_dialed), sum(calls_connected), sum(payments), sum(collected_fen)
               FROM analytics_activity_day WHERE as_of BETWEEN '${from}' AND '${last}' GROUP BY 1`,
          ],
        },
      },
      {
        key: 'drill-down',
        label: `GET /analytics/cases?day=${last}&limit=50`,
        path: `/api/v1/analytics/cases?day=${last}&limit=50`,
        reference: {
          label:
            "the day's case rows, worst DPD first, with their loan reference (LIMIT 50), and the day's count",
          statements: [
            `SELECT d.case_id, l.source_ref, d.bucket, d.dpd FROM analytics_case_day d
               JOIN loan l ON l.id = d.loan_id WHERE d.as_of = '${last}' ORDER BY d.dpd DESC, d.case_id LIMIT 50`,
            `SELECT sum(cases) FROM analytics_case_count_day WHERE as_of = '${last}'`,
          ],
        },
      },
      {
        key: 'export',
        label: `GET /analytics/export?report=collection&format=csv&${q}`,
        path: `/api/v1/analytics/export?report=collection&format=csv&${q}`,
        reference: {
          label: "the collection dashboard's three rollup reads",
          statements: [
            `SELECT bucket, sum(cases) FROM analytics_case_count_day WHERE as_of = '${addDays(from, -1)}' GROUP BY 1`,
            `SELECT count(DISTINCT case_id) FROM analytics_case_year WHERE last_day >= '${from}' AND first_day <= '${last}'`,
            `SELECT sum(calls_dialed), sum(calls_connected), sum(payments), sum(collected_fen)
               FROM analytics_activity_day WHERE as_of BETWEEN '${from}' AND '${last}'`,
          ],
        },
      },
    ];

    // --quick: the two dashboards and the drill-down (3 s each); the breakdowns and the export in full runs.
    const selected = o.quick
      ? endpoints.filter((e) => ['portfolio', 'collection', 'drill-down'].includes(e.key))
      : endpoints;
    const book = `${fmt(loans)} loans × ${days} days; rollups: ${fmt(rows['case-day'] ?? 0)} case-day, ${fmt(rows['case-year'] ?? 0)} case-year, ${fmt(rows['position-day'] ?? 0)} position-day, ${fmt(rows['entry-day'] ?? 0)} entry-day rows; loan_daily ${fmt(rows.loan_daily ?? 0)} rows`;
    const results: DashboardResult[] = [];
    for (const e of selected) {
      await cannon(url, cookie, e.path, connections, warmup); // warm-up, not counted
      const ours = await cannon(url, cookie, e.path, connections, duration);
      const ref = await closedLoop(pool, connections, o.quick ? 2 : duration, async (p) => {
        for (const s of e.reference.statements) await p.query(s);
      });
      const raw = e.raw ? await timedOnce(pool, e.raw.statements, o.quick ? 1 : 3) : null;
      const rawNote =
        raw !== null && e.raw ? `; raw snapshots (${e.raw.label}), one caller: ${ms(raw)} ms` : '';
      results.push({
        workload: `dashboard ${e.key} (${e.label}; ${book}; ${connections} connections, ${duration} s)`,
        figure:
          `p50 ${ms(ours.lat.p50)} ms, p95 ${ms(ours.lat.p95)} ms, p99 ${ms(ours.lat.p99)} ms; ${fmt(ours.rps)} req/s ` +
          `(${fmt(ours.requests)} requests); errors ${ours.errors}; server peak RSS ${peakRssOf(server.pid!)} MiB`,
        goal: GOAL,
        reference: `${e.reference.label}, ${connections} callers, pool of ${POOL}: p50 ${ms(ref.lat.p50)} ms, p95 ${ms(ref.lat.p95)} ms, ${fmt(ref.rps)}/s${rawNote}`,
        ratio: ref.lat.p95 > 0 ? ours.lat.p95 / ref.lat.p95 : null,
        peakRssMiB: peakRssOf(server.pid!),
      });
    }
    return results;
  } finally {
    await pool.end();
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (process.env.HUIKUAN_BENCH_KEEP) process.stderr.write(`dashboard: kept database ${name}\n`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
