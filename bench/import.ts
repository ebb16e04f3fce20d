/**
 * The `import` workload (issue 7): a loans file of N rows and its schedules file (12 rows a loan)
 * imported through Huikuan's file import — `imports.importFile`, what `huikuan import` and
 * `POST /api/v1/imports/:kind` call: read and decode the CSV, map the headers, validate every cell
 * and record, check references to the book, write in chunks in one transaction, record the batch
 * and audit it — against the reference: a raw PostgreSQL `COPY … FROM STDIN` of the same file
 * into a plain typed staging table (psql's `\copy`, timed by psql's `\timing`: node-postgres has
 * no COPY without pg-copy-streams, which the project does not depend on). Customers and the
 * product are written set-based in SQL first (not timed): they are what the files refer to.
 * Files are at most 200,000 rows (the import's limit), so the schedules file bounds N at 16,666.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../packages/server/dist/db/database.js';
import { migrateToLatest } from '../packages/server/dist/db/migrate.js';
import { SYSTEM_ACTOR } from '../packages/server/dist/modules/audit/audit.service.js';
import { benchServices, fmt, type WorkloadOptions, type WorkloadResult } from './workload.js';

export type ImportResult = WorkloadResult;

export interface ImportOptions extends WorkloadOptions {
  freshDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }>;
}

const AS_OF = '2026-11-28';
const TERM = 12;
const run = promisify(execFile);

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`${name}=`))?.split('=')[1];
}

const pad = (i: number) => String(i).padStart(9, '0');
const day = (base: string, months: number, minusDays = 0) => {
  const d = new Date(`${base}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - minusDays);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};
const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * The two files, as a core banking system would send them: loans of ¥12,000.00 at 18% over 12
 * months, disbursed 30–359 days before the business date; equal principal, interest ¥150.00 an
 * installment; installments due before the business date paid (30% of loans leave their last
 * 1–6 due unpaid), the rest open with empty paid cells.
 */
function files(loans: number): { loansCsv: string; schedulesCsv: string } {
  const loanLines = [
    'sourceRef,customerRef,productCode,principal,annualRate,termMonths,disbursedOn,maturityOn',
  ];
  const scheduleLines = [
    'loanRef,seq,dueOn,principalDue,interestDue,feeDue,principalPaid,interestPaid,feePaid,paidOffOn',
  ];
  for (let i = 1; i <= loans; i++) {
    const disbursed = day(AS_OF, 0, 30 + ((i * 7919) % 330));
    loanLines.push(
      `L${pad(i)},C${pad(i)},B18,${yuan(1_200_000)},0.18,${TERM},${disbursed},${day(disbursed, TERM)}`,
    );
    const dues = Array.from({ length: TERM }, (_, k) => day(disbursed, k + 1));
    const dueCount = dues.filter((d) => d < AS_OF).length;
    const unpaidFrom = i % 10 < 3 ? dueCount - (1 + (i % 6)) : dueCount;
    dues.forEach((due, k) => {
      const paid = due < AS_OF && k < unpaidFrom;
      scheduleLines.push(
        `L${pad(i)},${k + 1},${due},${yuan(100_000)},${yuan(15_000)},0.00,` +
          (paid ? `${yuan(100_000)},${yuan(15_000)},0.00,${due}` : ',,,'),
      );
    });
  }
  return { loansCsv: `${loanLines.join('\n')}\n`, schedulesCsv: `${scheduleLines.join('\n')}\n` };
}

/** psql's `\copy … FROM file` (COPY FROM STDIN), timed by `\timing`: the statement's time in ms. */
async function psqlCopy(url: string, table: string, file: string): Promise<number> {
  const { stdout } = await run(
    'psql',
    [
      url,
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      '\\timing on',
      '-c',
      `\\copy ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)`,
    ],
    { maxBuffer: 1 << 20 },
  );
  const ms = /Time: ([\d.]+) ms/.exec(stdout)?.[1];
  if (!ms) throw new Error(`psql printed no timing: ${stdout}`);
  return Number(ms);
}

export async function importLoad(adminUrl: string, o: ImportOptions): Promise<ImportResult[]> {
  const loansArg = option(o.args, '--loans');
  const loans = Math.min(loansArg ? Number(loansArg) : o.quick ? 2_000 : 16_000, 16_666);
  const dir = await mkdtemp(path.join(tmpdir(), 'hk-bench-import-'));
  const ours = await o.freshDatabase(adminUrl);
  const handle = openDatabase(ours.url);
  try {
    const { loansCsv, schedulesCsv } = files(loans);
    const loansFile = path.join(dir, 'loans.csv');
    const schedulesFile = path.join(dir, 'schedules.csv');
    await writeFile(loansFile, loansCsv);
    await writeFile(schedulesFile, schedulesCsv);

    // Setup (not timed): schema, the product and the customers the loans belong to.
    await migrateToLatest(handle.db as never);
    await handle.pool.query(`
      INSERT INTO app_setting (key, value) VALUES ('business_date', '"${AS_OF}"');
      INSERT INTO product (code, name, name_en, annual_rate, term_months, repayment_method, grace_days)
      VALUES ('B18', '基准产品', 'Bench product', 0.18, 12, 'equal_principal', 0);
      INSERT INTO customer (id, source_ref, name, id_number_enc, id_number_hash, region_code)
      SELECT md5('c' || i)::uuid, 'C' || lpad(i::text, 9, '0'), '客户' || i, '\\x01', decode(md5('c' || i), 'hex'), '110105'
      FROM generate_series(1, ${loans}) i;
      CREATE TABLE ref_loan (source_ref text, customer_ref text, product_code text, principal numeric(15,2),
        annual_rate numeric(9,6), term_months int, disbursed_on date, maturity_on date);
      CREATE TABLE ref_schedule (loan_ref text, seq int, due_on date, principal_due numeric(15,2),
        interest_due numeric(15,2), fee_due numeric(15,2), principal_paid numeric(15,2),
        interest_paid numeric(15,2), fee_paid numeric(15,2), paid_off_on date);
      ANALYZE;`);
    const services = benchServices(handle.db);

    const results: ImportResult[] = [];
    for (const [kind, file, table, rows] of [
      ['loans', loansFile, 'ref_loan', loans],
      ['schedules', schedulesFile, 'ref_schedule', loans * TERM],
    ] as const) {
      // As `huikuan import` does: read the file, then import it.
      const t0 = process.hrtime.bigint();
      const content = await readFile(file);
      const report = await services.imports.importFile(
        { kind, fileName: path.basename(file), content, applyValidRows: false, dryRun: false },
        { ...SYSTEM_ACTOR, username: 'bench' },
      );
      const oursSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (report.status !== 'applied' || report.created !== rows) {
        throw new Error(
          `${kind} import: ${report.status}, ${report.created} created of ${rows}: ${JSON.stringify(report.issues.slice(0, 3))}`,
        );
      }
      const refSeconds = (await psqlCopy(ours.url, table, file)) / 1000;
      const mib = (content.length / 1048576).toFixed(1);
      results.push({
        workload: `import ${kind} (${fmt(rows)} rows, ${mib} MiB CSV${kind === 'schedules' ? `, ${fmt(loans)} loans × ${TERM}` : ''})`,
        figure: `${fmt(rows / oursSeconds)} rows/s (${oursSeconds.toFixed(2)} s: read, validate, check references, write, record the batch; status ${report.status})`,
        goal: '—',
        reference: `COPY FROM STDIN (psql \\copy) of the same file into a plain typed table: ${fmt(rows / refSeconds)} rows/s (${refSeconds.toFixed(2)} s)`,
        ratio: oursSeconds / refSeconds,
        peakRssMiB: 0,
      });
    }
    return results;
  } finally {
    await handle.close();
    await ours.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
