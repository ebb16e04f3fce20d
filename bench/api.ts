/**
 * The `api` workload (issue 6): the collector workstation's three hot endpoints under 200
 * concurrent connections on the daily-run workload's synthetic book — next case
 * (GET /workstation/next), case view (GET /cases/:id/workspace) and record-outcome (a dial,
 * POST /contact-attempts, then its outcome, POST /contact-attempts/:id/outcome) — each driven by
 * autocannon against the real server in its own process (bench/api-server.ts, a clock standing at
 * 10:00 Asia/Shanghai). Reported: p50/p99/p99.9 latency, requests/s, errors, refusals and the
 * server's peak RSS, against the reference: the simplest SQL doing the same work through
 * node-postgres with the server's pool size and the same 200 concurrent callers.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../packages/server/dist/db/database.js';
import { migrateToLatest } from '../packages/server/dist/db/migrate.js';
import { hashPassword } from '../packages/server/dist/modules/identity/password-hasher.js';
import { deriveKeys } from '../packages/server/dist/platform/secrets.js';
import {
  type BookTemplate,
  fmt,
  type Latencies,
  ms,
  now,
  percentiles,
  type WorkloadOptions,
  type WorkloadResult,
} from './workload.js';

export type ApiResult = WorkloadResult;

export interface ApiOptions extends WorkloadOptions {
  bookTemplate: BookTemplate;
}

const AS_OF = '2026-11-28';
/** 10:00 Asia/Shanghai: calls are allowed, and every dial of the run is judged at this instant. */
const CLOCK = '2026-11-28T02:00:00Z';
export const PASSWORD = 'Bench-pass-123';
const POOL = 20; // the server's pool size (openDatabase's default), used by the reference too
const GOAL_P99_MS = 50;

const CLI = fileURLToPath(new URL('../packages/server/dist/cli.js', import.meta.url));
const SERVER = fileURLToPath(new URL('./api-server.ts', import.meta.url));
const run = promisify(execFile);

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`${name}=`))?.split('=')[1];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Peak resident set of a process (VmHWM), in MiB; 0 where /proc is not available. */
export function peakRssOf(pid: number): number {
  try {
    const kib = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Math.round(Number(kib) / 1024) : 0;
  } catch {
    return 0;
  }
}

export async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  // Run under the same TypeScript loader as this process (tsx), or register it.
  const loader = process.execArgv.length ? process.execArgv : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...loader, SERVER], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening http:\/\/[^:]+:(\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) =>
      reject(new Error(`the API server exited (${code}) before listening: ${out}`)),
    );
  });
  return { child, url };
}

interface Session {
  username: string;
  userId: string;
  cookie: string;
  csrf: string;
  /** The open cases this collector holds, with the debtor's own number, in a fixed order. */
  cases: { caseId: string; contactId: string }[];
  /** The next case this collector dials (dials never repeat a debtor within a run). */
  nextDial: number;
  nextView: number;
}

export async function logIn(url: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: body.csrfToken };
}

interface Measured {
  all: Latencies;
  byStep: Map<string, Latencies>;
  rps: number;
  requests: number;
  /** Connection errors, timeouts, 5xx and 4xx other than refusals. */
  errors: number;
  timeouts: number;
  /** 409 CONTACT_DENIED: the gate refused a dial (a non-2xx, not an error). */
  refused: number;
  statuses: Record<string, number>;
}

/**
 * One autocannon run: `connections` connections, connection i signed in as collector
 * i mod n; `requestsOf` gives each connection its request sequence. Latencies are taken from
 * each response (exact, in ms) and grouped by the step `onResponse` names.
 */
async function cannon(
  url: string,
  sessions: Session[],
  connections: number,
  duration: number,
  requestsOf: (s: Session, step: { name: string }) => autocannon.Request[],
  rate?: number,
): Promise<Measured> {
  const latencies: number[] = [];
  const steps = new Map<string, number[]>();
  const statuses: Record<string, number> = {};
  const samples = new Map<number, string>();
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration,
    timeout: 10,
    // --rate N: paced at N requests/s over all connections (the collectors' pace) instead of as
    // fast as the server answers.
    ...(rate ? { overallRate: rate } : {}),
    setupClient: (client) => {
      const s = sessions[next++ % sessions.length]!;
      const step = { name: '' };
      client.setRequests(
        requestsOf(s, step).map((req) => ({
          ...req,
          onResponse: (status, body, context, headers) => {
            // The first answer of each unexpected status, to say what went wrong.
            if ((status < 200 || status > 299) && !samples.has(status))
              samples.set(status, body.slice(0, 300));
            if (typeof req.onResponse === 'function') req.onResponse(status, body, context, headers);
          },
        })),
      );
      client.on('response', (status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        statuses[status] = (statuses[status] ?? 0) + 1;
        const list = steps.get(step.name) ?? [];
        if (!list.length) steps.set(step.name, list);
        list.push(responseTime);
      });
    },
  });
  for (const [status, body] of samples) process.stderr.write(`api: a ${status} answer: ${body}\n`);
  const refused = statuses['409'] ?? 0;
  const bad = Object.entries(statuses)
    .filter(([code]) => !code.startsWith('2') && code !== '409')
    .reduce((n, [, c]) => n + c, 0);
  return {
    all: percentiles(latencies),
    byStep: new Map([...steps].map(([name, list]) => [name, percentiles(list)])),
    rps: latencies.length / result.duration,
    requests: latencies.length,
    errors: result.errors + bad,
    timeouts: result.timeouts,
    refused,
    statuses,
  };
}

/** The reference: `connections` callers in a closed loop for `duration` s over a pool of POOL. */
async function closedLoop(
  connections: number,
  duration: number,
  step: (caller: number, timed: <T>(query: () => Promise<T>) => Promise<T>) => Promise<void>,
): Promise<{ all: Latencies; rps: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const timed = async <T>(query: () => Promise<T>): Promise<T> => {
    const t0 = now();
    const r = await query();
    latencies.push(now() - t0);
    return r;
  };
  const t0 = now();
  const end = t0 + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, caller) => {
      while (now() < end) {
        try {
          await step(caller, timed);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { all: percentiles(latencies), rps: latencies.length / ((now() - t0) / 1000), errors };
}

export async function apiLoad(adminUrl: string, o: ApiOptions): Promise<ApiResult[]> {
  const loansArg = option(o.args, '--loans');
  const loans = loansArg ? Number(loansArg) : o.quick ? 20_000 : 1_000_000;
  const connections = Number(option(o.args, '--connections') ?? 200);
  const duration = Number(option(o.args, '--duration') ?? (o.quick ? 5 : 20));
  const warmup = o.quick ? 2 : 5;
  const rateArg = option(o.args, '--rate');
  const rate = rateArg ? Number(rateArg) : undefined;
  const collectors = 200;
  const template = await o.bookTemplate(adminUrl, loans, AS_OF);
  const name = `hk_bench_api_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const masterKey = randomBytes(32);
  const keys = deriveKeys(masterKey);
  let server: ChildProcess | null = null;
  try {
    // Setup (not timed): migrations newer than the template, the debtors' own numbers, one
    // daily run (opens the cases and plans the day), collectors holding the cases.
    const handle = openDatabase(dbUrl);
    await migrateToLatest(handle.db as never);
    await handle.close();
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    // Every delinquent debtor (loan n with n mod 10 < 3) gets their own number: one ciphertext
    // for all (decrypting it is the same work), a distinct phone hash each.
    await c.query(`INSERT INTO app_setting (key, value) VALUES ('business_date', '"${AS_OF}"')`);
    await c.query(
      `INSERT INTO contact (id, customer_id, role, name, phone_enc, phone_hash, validity)
       SELECT gen_random_uuid(), md5('c' || i)::uuid, 'self', '客户' || i, $1, sha256(('p' || i)::bytea), 'valid'
         FROM generate_series(1, $2::int) i WHERE i % 10 < 3`,
      [keys.pii.encrypt('13800138000'), loans],
    );
    const r0 = now();
    await run(process.execPath, [CLI, 'run-day', '--as-of', AS_OF], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: dbUrl,
        HUIKUAN_ENCRYPTION_KEY: masterKey.toString('base64'),
        LOG_LEVEL: 'error',
      },
      maxBuffer: 1 << 24,
    });
    const dailyRunSeconds = (now() - r0) / 1000;
    const open = Number(
      (await c.query<{ n: string }>(`SELECT count(*) AS n FROM collection_case WHERE status = 'open'`))
        .rows[0]!.n,
    );
    // Each collector holds an equal share of the open cases, at most 500 (a collector's book).
    const held = Math.min(500, Math.floor(open / collectors));
    if (held < 1) throw new Error(`only ${open} open cases for ${collectors} collectors`);
    const passwordHash = await hashPassword(PASSWORD);
    await c.query(
      `INSERT INTO app_user (username, display_name, password_hash, roles)
       SELECT 'bench_c' || lpad(k::text, 3, '0'), '催收员' || k, $1, '{collector}'
         FROM generate_series(1, $2::int) k`,
      [passwordHash, collectors],
    );
    await c.query(
      `WITH u AS (SELECT id, row_number() OVER (ORDER BY username) - 1 AS k FROM app_user WHERE username LIKE 'bench\\_c%'),
            o AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM collection_case WHERE status = 'open')
       UPDATE collection_case cc SET holder_user_id = u.id, assigned_on = $3::date
         FROM o JOIN u ON u.k = o.n % $1
        WHERE cc.id = o.id AND o.n < $1 * $2`,
      [collectors, held, AS_OF],
    );
    await c.query(
      `UPDATE customer SET id_number_enc = $1
        WHERE id IN (SELECT customer_id FROM collection_case WHERE holder_user_id IS NOT NULL)`,
      [keys.pii.encrypt('110105199001011234')],
    );
    await c.query('VACUUM ANALYZE');
    const rows = await c.query<{ username: string; user_id: string; case_id: string; contact_id: string }>(
      `SELECT u.username, u.id AS user_id, cc.id AS case_id, ct.id AS contact_id
         FROM collection_case cc JOIN app_user u ON u.id = cc.holder_user_id
         JOIN contact ct ON ct.customer_id = cc.customer_id AND ct.role = 'self'
        WHERE cc.status = 'open' ORDER BY u.username, cc.id`,
    );
    const byUser = new Map<string, Session>();
    for (const r of rows.rows) {
      let s = byUser.get(r.username);
      if (!s) {
        s = {
          username: r.username,
          userId: r.user_id,
          cookie: '',
          csrf: '',
          cases: [],
          nextDial: 0,
          nextView: 0,
        };
        byUser.set(r.username, s);
      }
      s.cases.push({ caseId: r.case_id, contactId: r.contact_id });
    }
    const sessions = [...byUser.values()];
    const planned = (
      await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM planned_action WHERE planned_for = $1 AND channel IN ('call-task','visit')`,
        [AS_OF],
      )
    ).rows[0]!.n;
    await c.end();

    // The server, and a session per collector.
    const port = await freePort();
    const started = await startServer({
      PATH: process.env.PATH ?? '',
      DATABASE_URL: dbUrl,
      HUIKUAN_ENCRYPTION_KEY: masterKey.toString('base64'),
      HUIKUAN_BENCH_CLOCK: CLOCK,
      HUIKUAN_DAILY_RUN_AT: 'off',
      LOG_LEVEL: 'error',
      PORT: String(port),
    });
    server = started.child;
    const { url } = started;
    for (let i = 0; i < sessions.length; i += 10) {
      await Promise.all(
        sessions.slice(i, i + 10).map(async (s) => {
          Object.assign(s, await logIn(url, s.username));
        }),
      );
    }

    const get = (s: Session) => ({ cookie: s.cookie });
    const post = (s: Session) => ({
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      'content-type': 'application/json',
    });
    const endpoints: {
      key: string;
      label: string;
      requestsOf: (s: Session, step: { name: string }) => autocannon.Request[];
      reference: {
        label: string;
        step: (
          pool: pg.Pool,
          s: Session,
          timed: <T>(query: () => Promise<T>) => Promise<T>,
          refState: { n: number },
        ) => Promise<void>;
      };
    }[] = [
      {
        key: 'next',
        label: 'next case, GET /workstation/next',
        requestsOf: (s, step) => [
          {
            method: 'GET',
            path: '/api/v1/workstation/next',
            headers: get(s),
            onResponse: () => {
              step.name = 'next';
            },
          },
        ],
        reference: {
          label:
            "the queue's ordering for one holder (open held cases, today's top call task, overdue amount; LIMIT 1)",
          step: async (pool, s, timed) => {
            await timed(() =>
              pool.query(
                `SELECT cc.id FROM collection_case cc
                   JOIN loan_state ls ON ls.loan_id = cc.loan_id
                   LEFT JOIN planned_action p ON p.case_id = cc.id AND p.planned_for = $2
                        AND p.channel = 'call-task' AND p.status = 'planned'
                  WHERE cc.holder_user_id = $1 AND cc.status = 'open'
                  ORDER BY p.priority DESC NULLS LAST, ls.overdue_principal_fen + ls.overdue_interest_fen DESC
                  LIMIT 1`,
                [s.userId, AS_OF],
              ),
            );
          },
        },
      },
      {
        key: 'workspace',
        label: 'case view, GET /cases/:id/workspace',
        requestsOf: (s, step) => [
          {
            method: 'GET',
            path: '/api/v1/cases/x/workspace',
            headers: get(s),
            setupRequest: (req) => ({
              ...req,
              path: `/api/v1/cases/${s.cases[s.nextView++ % s.cases.length]!.caseId}/workspace`,
            }),
            onResponse: () => {
              step.name = 'workspace';
            },
          },
        ],
        reference: {
          label: 'the case by id with its loan, customer and schedule (one SELECT, installments as json_agg)',
          step: async (pool, s, timed, ref) => {
            const id = s.cases[ref.n++ % s.cases.length]!.caseId;
            await timed(() =>
              pool.query(
                `SELECT cc.*, l.source_ref, l.principal_fen, cu.name, ls.dpd, ls.overdue_principal_fen,
                        (SELECT json_agg(i ORDER BY i.seq) FROM installment i WHERE i.loan_id = cc.loan_id) AS schedule
                   FROM collection_case cc JOIN loan l ON l.id = cc.loan_id
                   JOIN customer cu ON cu.id = cc.customer_id
                   LEFT JOIN loan_state ls ON ls.loan_id = cc.loan_id
                  WHERE cc.id = $1`,
                [id],
              ),
            );
          },
        },
      },
      {
        key: 'outcome',
        label: 'record-outcome, POST /contact-attempts (dial) + POST /contact-attempts/:id/outcome',
        requestsOf: (s, step) => [
          {
            method: 'POST',
            path: '/api/v1/contact-attempts',
            headers: post(s),
            setupRequest: (req) => {
              const target = s.cases[s.nextDial++ % s.cases.length]!;
              return {
                ...req,
                body: JSON.stringify({ caseId: target.caseId, contactId: target.contactId, channel: 'call' }),
              };
            },
            onResponse: (status, body, context) => {
              step.name = 'dial';
              (context as { attemptId?: string }).attemptId =
                status === 201 ? (JSON.parse(body) as { attempt: { id: string } }).attempt.id : undefined;
            },
          },
          {
            method: 'POST',
            path: '/api/v1/contact-attempts/x/outcome',
            headers: post(s),
            setupRequest: (req, context) => {
              const id = (context as { attemptId?: string }).attemptId;
              // A refused dial has no attempt: start over with the next case.
              if (!id) return null as unknown as autocannon.Request;
              return {
                ...req,
                path: `/api/v1/contact-attempts/${id}/outcome`,
                body: JSON.stringify({ connected: false, outcomeCode: 'NO_ANSWER' }),
              };
            },
            onResponse: () => {
              step.name = 'outcome';
            },
          },
        ],
        reference: {
          label:
            'an INSERT of the attempt, then an UPDATE recording its outcome (a copy of contact_attempt with its indexes, no gate)',
          step: async (pool, s, timed, ref) => {
            const target = s.cases[ref.n++ % s.cases.length]!;
            const { rows } = await timed(() =>
              pool.query<{ id: string }>(
                `INSERT INTO ref_attempt (id, customer_id, case_id, contact_id, channel, party_role, path, at, status, decision_id, actor_user_id)
                 SELECT gen_random_uuid(), cc.customer_id, cc.id, $2, 'call', 'self', 'dial', $3, 'in-progress', gen_random_uuid(), $4
                   FROM collection_case cc WHERE cc.id = $1
                 RETURNING id`,
                [target.caseId, target.contactId, CLOCK, s.userId],
              ),
            );
            await timed(() =>
              pool.query(
                `UPDATE ref_attempt SET status = 'completed', connected = false, conversation = false,
                        outcome_code = 'NO_ANSWER', completed_at = $2, completed_by = $3
                  WHERE id = $1`,
                [rows[0]!.id, CLOCK, s.userId],
              ),
            );
          },
        },
      },
    ];

    const results: ApiResult[] = [];
    const pool = new pg.Pool({ connectionString: dbUrl, max: POOL });
    try {
      await pool.query(
        'CREATE TABLE ref_attempt (LIKE contact_attempt INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING CONSTRAINTS)',
      );
      for (const e of endpoints) {
        await cannon(url, sessions, connections, warmup, e.requestsOf); // warm-up, not counted
        const ours = await cannon(url, sessions, connections, duration, e.requestsOf, rate);
        const refState = sessions.map(() => ({ n: 0 }));
        const ref = await closedLoop(connections, duration, (caller, timed) =>
          e.reference.step(
            pool,
            sessions[caller % sessions.length]!,
            timed,
            refState[caller % sessions.length]!,
          ),
        );
        const steps =
          ours.byStep.size > 1
            ? ` (${[...ours.byStep]
                .map(([step, l]) => `${step} p50 ${ms(l.p50)} / p99 ${ms(l.p99)} ms`)
                .join(', ')})`
            : '';
        const codes = Object.entries(ours.statuses)
          .map(([code, n]) => `${fmt(n)}×${code}`)
          .join(', ');
        results.push({
          workload: `api ${e.key} (${e.label}; ${loans.toLocaleString('en-US')} loans, ${connections} connections${rate ? ` paced at ${rate} req/s` : ''}, ${sessions.length} collectors × ${held} cases, ${duration} s)`,
          figure:
            `p50 ${ms(ours.all.p50)} ms, p99 ${ms(ours.all.p99)} ms, p99.9 ${ms(ours.all.p999)} ms${steps}; ` +
            `${fmt(ours.rps)} req/s (${fmt(ours.requests)} requests: ${codes}); errors ${ours.errors}, timeouts ${ours.timeouts}, refused (409) ${ours.refused}; ` +
            `server peak RSS ${peakRssOf(server.pid!)} MiB`,
          goal: `p99 ≤ ${GOAL_P99_MS} ms, 0 errors`,
          reference: `${e.reference.label}, pool of ${POOL}, ${connections} callers: p50 ${ms(ref.all.p50)} ms, p99 ${ms(ref.all.p99)} ms, ${fmt(ref.rps)} queries/s${ref.errors ? `, ${ref.errors} errors` : ''}`,
          ratio: ref.all.p99 > 0 ? ours.all.p99 / ref.all.p99 : null,
          peakRssMiB: peakRssOf(server.pid!),
        });
      }
    } finally {
      await pool.end();
    }
    const setup = `setup: daily run ${dailyRunSeconds.toFixed(0)} s, ${fmt(open)} open cases, ${Number(planned).toLocaleString('en-US')} call/visit tasks planned`;
    process.stderr.write(`api: ${setup}\n`);
    for (const r of results) r.figure += `; ${setup}`;
    return results;
  } finally {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    // HUIKUAN_BENCH_KEEP=1 keeps the database (after the run) to explain and profile its queries.
    if (process.env.HUIKUAN_BENCH_KEEP) process.stderr.write(`api: kept database ${name}\n`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
