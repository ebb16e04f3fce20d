/**
 * 数据导入 file import of the loan book (DESIGN.md §2 flow 1): a CSV or XLSX file of one
 * kind is read and validated whole — every cell, duplicates inside the file, references
 * to the book — and reported row by row. A file with any error changes nothing unless the
 * caller asks to apply the valid rows; what is applied is applied in one transaction. Every
 * import, rejected ones too, is recorded in import_batch with its report and audited.
 */
import {
  bilingualMessage,
  CodedError,
  compareDates,
  type ErrorCode,
  IMPORT_COLUMNS,
  type ImportKind,
  type ImportLayout,
  type ImportRecordOf,
  importRecordKey,
  type Locale,
  MAX_IMPORT_ROWS,
  type OperatorPostPayment,
  readImportRow,
  resolveImportHeaders,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import type { IngestRecordOf, IngestResult, IngestService } from '../ingest/ingest.service.js';
import type { SystemService } from '../system/system.service.js';
import {
  detectFormat,
  type ImportFormat,
  type ParsedTable,
  readTable,
  UnreadableFileError,
} from './imports.parser.js';
import type { ImportBatchRow, ImportBatchSummaryRow } from './imports.repository.js';

/** One problem in an import report, at the line and column a user sees in the file. */
export interface ImportIssue {
  line: number | null; // null: the file as a whole
  column: string | null; // the header as written in the file
  code: ErrorCode;
  message: Record<Locale, string>;
}

export type ImportStatus = 'validated' | 'applied' | 'partially_applied' | 'rejected';

export interface ImportOptions {
  /** Apply the valid rows of a file that has errors (otherwise such a file changes nothing). */
  applyValidRows: boolean;
  /** Validate and report only; change nothing. */
  dryRun: boolean;
}

export interface ImportBatchView {
  id: string;
  kind: string;
  fileName: string;
  format: string;
  encoding: string | null;
  status: ImportStatus;
  applyValidRows: boolean;
  dryRun: boolean;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsApplied: number;
  created: number;
  updated: number;
  unchanged: number;
  issuesTotal: number;
  createdBy: string | null;
  createdAt: string;
  appliedAt: string | null;
}

export interface ImportReportView extends ImportBatchView {
  issues: ImportIssue[];
}

export type ImportPhase = 'validate' | 'apply';
/** Progress of an import: rows validated, then rows applied, out of the phase's total. */
export type ImportProgress = (done: number, total: number, phase: ImportPhase) => void;

/** Reports keep this many issues (the count is exact); a file of 200,000 bad rows stays a readable size. */
export const MAX_REPORTED_ISSUES = 5000;
const APPLY_CHUNK = 1000;
const PROGRESS_EVERY = 500;

interface StoredReport {
  actor: string | null;
  options: ImportOptions;
  counts: { created: number; updated: number; unchanged: number };
  issuesTotal: number;
  issues: ImportIssue[];
}

interface Candidate {
  line: number;
  record: ImportRecordOf[ImportKind];
}

interface RowsRead {
  issues: ImportIssue[];
  invalid: Set<number>; // lines with a problem
  candidates: Candidate[]; // rows read into a record, first occurrence of their reference
}

/** The status of a validated file: what may be applied given the options. */
function statusBefore(options: ImportOptions, hasErrors: boolean, validRows: number): ImportStatus {
  if (options.dryRun) return hasErrors && !options.applyValidRows ? 'rejected' : 'validated';
  if (!hasErrors) return 'applied';
  return options.applyValidRows && validRows > 0 ? 'partially_applied' : 'rejected';
}

/** Problems in file order (whole-file problems first). */
function byLine(issues: ImportIssue[]): ImportIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** What file imports need of the payments module: posting one payment in its own transaction. */
export interface PaymentPoster {
  post(input: OperatorPostPayment, actor: Actor): Promise<{ statusCode: 200 | 201 }>;
}

function issueOf(
  line: number | null,
  column: string | null,
  code: ErrorCode,
  params: Record<string, unknown>,
): ImportIssue {
  return { line, column, code, message: bilingualMessage(code, params) };
}

export class ImportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ingest: IngestService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly system: Pick<SystemService, 'businessDate'>,
    private readonly payments: PaymentPoster,
  ) {}

  /**
   * Imports one file. Returns the recorded batch with its report; a file that cannot be
   * used is a `rejected` batch, not an exception. Throws only for an upload that is not a
   * CSV or XLSX file at all (IMPORT_FORMAT_UNSUPPORTED).
   */
  async importFile(
    input: { kind: ImportKind; fileName: string; content: Buffer } & ImportOptions,
    actor: Actor,
    onProgress?: ImportProgress,
  ): Promise<ImportReportView> {
    const format = detectFormat(input.fileName, input.content);
    if (!format) throw new CodedError('IMPORT_FORMAT_UNSUPPORTED');
    const options: ImportOptions = { applyValidRows: input.applyValidRows, dryRun: input.dryRun };
    let table: ParsedTable;
    try {
      table = await readTable(format, input.content, MAX_IMPORT_ROWS);
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      return this.recordRejected(
        input,
        format,
        null,
        options,
        [issueOf(err.line, null, err.code, err.params)],
        actor,
      );
    }
    const { layout, issues: headerIssues } = resolveImportHeaders(input.kind, table.headers);
    if (headerIssues.length) {
      const issues = headerIssues.map((h) => issueOf(table.headerLine, h.column, h.code, h.params));
      return this.recordRejected(input, format, table.encoding, options, issues, actor, table.rows.length);
    }
    return this.validateAndApply(input, table, layout, options, actor, onProgress);
  }

  /** Reads every row into a record, and finds references repeated inside the file. */
  private readRows(
    kind: ImportKind,
    table: ParsedTable,
    layout: ImportLayout,
    onProgress?: ImportProgress,
  ): RowsRead {
    const total = table.rows.length;
    const issues: ImportIssue[] = [];
    const invalid = new Set<number>(); // lines
    const candidates: Candidate[] = [];
    const firstLineOf = new Map<string, number>();
    const keyColumn = this.keyColumnHeader(kind, layout);
    table.rows.forEach((row, i) => {
      const { record, issues: rowIssues } = readImportRow(kind, layout, row.cells, {
        timeZone: this.timeZone,
      });
      for (const issue of rowIssues) issues.push(issueOf(row.line, issue.column, issue.code, issue.params));
      if (record) {
        const key = importRecordKey(kind, record);
        const first = firstLineOf.get(key);
        if (first !== undefined) {
          issues.push(issueOf(row.line, keyColumn, 'IMPORT_DUPLICATE_ROW', { ref: key, first }));
          invalid.add(row.line);
        } else {
          firstLineOf.set(key, row.line);
          candidates.push({ line: row.line, record });
        }
      } else {
        invalid.add(row.line);
      }
      if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === total) onProgress?.(i + 1, total, 'validate');
    });
    return { issues, invalid, candidates };
  }

  private async validateAndApply(
    input: { kind: ImportKind; fileName: string },
    table: ParsedTable,
    layout: ImportLayout,
    options: ImportOptions,
    actor: Actor,
    onProgress?: ImportProgress,
  ): Promise<ImportReportView> {
    const { kind } = input;
    if (kind === 'payments') return this.postPayments(input, table, layout, options, actor, onProgress);
    const { issues, invalid, candidates } = this.readRows(kind, table, layout, onProgress);
    return this.uow.transaction(async (t) => {
      // References to the book are checked in the transaction that writes, so they still hold when applied.
      const bookIssues = await this.ingest.check(
        t,
        kind,
        candidates.map((c) => c.record as IngestRecordOf[typeof kind]),
      );
      for (const issue of bookIssues) {
        const line = candidates[issue.index]!.line;
        invalid.add(line);
        issues.push(issueOf(line, this.headerOf(layout, issue.field), issue.code, issue.params));
      }
      const valid = candidates.filter((c) => !invalid.has(c.line));
      const status = statusBefore(options, invalid.size > 0, valid.length);
      let result: Omit<IngestResult, 'items'> = { created: 0, updated: 0, unchanged: 0 };
      const applying = status === 'applied' || status === 'partially_applied';
      if (applying) {
        result = await this.applyInChunks(
          t,
          kind,
          valid.map((v) => v.record as IngestRecordOf[typeof kind]),
          onProgress,
        );
      }
      return this.record(t, {
        input,
        format: table.format,
        encoding: table.encoding,
        status,
        options,
        rowsTotal: table.rows.length,
        rowsInvalid: invalid.size,
        rowsApplied: applying ? valid.length : 0,
        counts: result,
        issues: byLine(issues),
        actor,
      });
    });
  }

  /**
   * Payments are posted through the payments module, one by one in the order received,
   * because each posting allocates the money and updates the loan and its case at once. The
   * whole file is validated first (also against the book: loan, dates), so a file with
   * errors still posts nothing unless asked; a posting the payments module refuses
   * afterwards (a loan closed meanwhile, a reference already used by another payment) is
   * reported at its line while the payments before it stay posted.
   */
  private async postPayments(
    input: { kind: ImportKind; fileName: string },
    table: ParsedTable,
    layout: ImportLayout,
    options: ImportOptions,
    actor: Actor,
    onProgress?: ImportProgress,
  ): Promise<ImportReportView> {
    const { issues, invalid, candidates } = this.readRows('payments', table, layout, onProgress);
    const businessDate = await this.system.businessDate();
    const payments = candidates as { line: number; record: OperatorPostPayment }[];
    const loans = await this.uow.repositories.ingest.loansByRef([
      ...new Set(payments.map((p) => p.record.loanRef)),
    ]);
    for (const { line, record } of payments) {
      const loan = loans.get(record.loanRef);
      const issue = (field: string, code: ErrorCode, params: Record<string, unknown>) => {
        issues.push(issueOf(line, this.headerOf(layout, field), code, params));
        invalid.add(line);
      };
      if (!loan) issue('loanRef', 'UNKNOWN_LOAN_REF', { ref: record.loanRef });
      else if (record.receivedOn > businessDate) {
        issue('receivedOn', 'PAYMENT_RECEIVED_AFTER_BUSINESS_DATE', {
          receivedOn: record.receivedOn,
          businessDate,
        });
      } else if (record.receivedOn < loan.disbursedOn) {
        issue('receivedOn', 'PAYMENT_RECEIVED_BEFORE_DISBURSEMENT', {
          receivedOn: record.receivedOn,
          disbursedOn: loan.disbursedOn,
        });
      }
    }
    const valid = payments
      .filter((p) => !invalid.has(p.line))
      .sort((a, b) => compareDates(a.record.receivedOn, b.record.receivedOn) || a.line - b.line);
    let status = statusBefore(options, invalid.size > 0, valid.length);
    const counts = { created: 0, updated: 0, unchanged: 0 };
    if (status === 'applied' || status === 'partially_applied') {
      let done = 0;
      for (const { line, record } of valid) {
        try {
          const posted = await this.payments.post(record, actor);
          if (posted.statusCode === 201) counts.created += 1;
          else counts.unchanged += 1; // the same payment was already posted
        } catch (err) {
          const coded = err instanceof CodedError ? err : new CodedError('INTERNAL');
          issues.push(issueOf(line, null, coded.code, coded.params));
          invalid.add(line);
        }
        done += 1;
        if (done % 50 === 0 || done === valid.length) onProgress?.(done, valid.length, 'apply');
      }
      const posted = counts.created + counts.unchanged;
      status = posted === 0 ? 'rejected' : invalid.size > 0 ? 'partially_applied' : 'applied';
    }
    const rowsApplied = counts.created + counts.unchanged;
    return this.uow.transaction((t) =>
      this.record(t, {
        input,
        format: table.format,
        encoding: table.encoding,
        status,
        options,
        rowsTotal: table.rows.length,
        rowsInvalid: invalid.size,
        rowsApplied,
        counts,
        issues: byLine(issues),
        actor,
      }),
    );
  }

  private async applyInChunks(
    t: Repositories,
    kind: Exclude<ImportKind, 'payments'>,
    records: readonly IngestRecordOf[Exclude<ImportKind, 'payments'>][],
    onProgress?: ImportProgress,
  ): Promise<Omit<IngestResult, 'items'>> {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < records.length; i += APPLY_CHUNK) {
      const chunk = records.slice(i, i + APPLY_CHUNK);
      const r = await this.ingest.apply(t, kind, chunk);
      counts.created += r.created;
      counts.updated += r.updated;
      counts.unchanged += r.unchanged;
      onProgress?.(Math.min(i + APPLY_CHUNK, records.length), records.length, 'apply');
    }
    return counts;
  }

  /** The header, as written in the file, of the column that holds a record field. */
  private headerOf(layout: ImportLayout, field: string | null): string | null {
    if (field === null) return null;
    const i = layout.columns.findIndex((c) => c?.field === field);
    return i >= 0 ? (layout.headers[i] ?? null) : field;
  }

  /** The header of the column a duplicate is reported in: the reference, or the installment number. */
  private keyColumnHeader(kind: ImportKind, layout: ImportLayout): string | null {
    const field = kind === 'schedules' ? 'seq' : 'sourceRef';
    return (
      this.headerOf(layout, field) ?? IMPORT_COLUMNS[kind].find((c) => c.field === field)?.header ?? null
    );
  }

  private async recordRejected(
    input: { kind: ImportKind; fileName: string },
    format: ImportFormat,
    encoding: string | null,
    options: ImportOptions,
    issues: ImportIssue[],
    actor: Actor,
    rowsTotal = 0,
  ): Promise<ImportReportView> {
    return this.uow.transaction((t) =>
      this.record(t, {
        input,
        format,
        encoding,
        status: 'rejected',
        options,
        rowsTotal,
        rowsInvalid: rowsTotal,
        rowsApplied: 0,
        counts: { created: 0, updated: 0, unchanged: 0 },
        issues,
        actor,
      }),
    );
  }

  /** Writes the import_batch row and its audit event in the caller's transaction. */
  private async record(
    t: Repositories,
    b: {
      input: { kind: ImportKind; fileName: string };
      format: ImportFormat;
      encoding: string | null;
      status: ImportStatus;
      options: ImportOptions;
      rowsTotal: number;
      rowsInvalid: number;
      rowsApplied: number;
      counts: { created: number; updated: number; unchanged: number };
      issues: ImportIssue[];
      actor: Actor;
    },
  ): Promise<ImportReportView> {
    const now = this.clock.now();
    const applied = b.status === 'applied' || b.status === 'partially_applied';
    const report: StoredReport = {
      actor: b.actor.username,
      options: b.options,
      counts: { created: b.counts.created, updated: b.counts.updated, unchanged: b.counts.unchanged },
      issuesTotal: b.issues.length,
      issues: b.issues.slice(0, MAX_REPORTED_ISSUES),
    };
    const row = {
      kind: b.input.kind,
      file_name: b.input.fileName.slice(0, 255),
      format: b.format,
      encoding: b.encoding,
      status: b.status,
      rows_total: b.rowsTotal,
      rows_valid: b.rowsTotal - b.rowsInvalid,
      rows_invalid: b.rowsInvalid,
      rows_applied: b.rowsApplied,
      report,
      created_by: b.actor.userId,
      created_at: now,
      applied_at: applied ? now : null,
    };
    const id = await t.imports.insert(row);
    // Counts only: the file name and the report may hold personal data and stay in import_batch.
    await this.audit.append(t.audit, b.actor, {
      action: `import.${b.input.kind}`,
      targetType: 'import_batch',
      targetId: id,
      after: {
        status: b.status,
        format: b.format,
        dryRun: b.options.dryRun,
        applyValidRows: b.options.applyValidRows,
        rowsTotal: row.rows_total,
        rowsValid: row.rows_valid,
        rowsInvalid: row.rows_invalid,
        rowsApplied: row.rows_applied,
        ...report.counts,
      },
    });
    return {
      ...this.viewOf({
        id,
        kind: row.kind,
        file_name: row.file_name,
        format: row.format,
        encoding: row.encoding,
        status: row.status,
        rows_total: row.rows_total,
        rows_valid: row.rows_valid,
        rows_invalid: row.rows_invalid,
        rows_applied: row.rows_applied,
        created_by: row.created_by,
        created_by_username: b.actor.username,
        created_at: now,
        applied_at: row.applied_at,
        counts: report.counts,
        options: report.options,
        issues_total: report.issuesTotal,
        actor: report.actor,
      }),
      issues: report.issues,
    };
  }

  /** Import history, newest first. */
  async history(
    options: { limit: number; before?: string | undefined; kind?: ImportKind | undefined } = { limit: 50 },
  ): Promise<{ items: ImportBatchView[]; nextBefore: string | null }> {
    const before = options.before ? decodeCursor(options.before) : null;
    const rows = await this.uow.repositories.imports.list({
      limit: options.limit + 1,
      before,
      kind: options.kind ?? null,
    });
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.viewOf(r)),
      nextBefore: rows.length > options.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** One import with its report. */
  async get(id: string): Promise<ImportReportView> {
    const row = await this.uow.repositories.imports.find(id);
    if (!row) throw new CodedError('IMPORT_NOT_FOUND');
    const report = (row.report ?? {}) as Partial<StoredReport>;
    return { ...this.viewOf(row), issues: report.issues ?? [] };
  }

  private viewOf(r: ImportBatchSummaryRow | ImportBatchRow): ImportBatchView {
    const counts = (r.counts ?? {}) as Partial<StoredReport['counts']>;
    const options = (r.options ?? {}) as Partial<ImportOptions>;
    return {
      id: r.id,
      kind: r.kind,
      fileName: r.file_name,
      format: r.format,
      encoding: r.encoding,
      status: r.status as ImportStatus,
      applyValidRows: options.applyValidRows ?? false,
      dryRun: options.dryRun ?? false,
      rowsTotal: r.rows_total,
      rowsValid: r.rows_valid,
      rowsInvalid: r.rows_invalid,
      rowsApplied: r.rows_applied,
      created: counts.created ?? 0,
      updated: counts.updated ?? 0,
      unchanged: counts.unchanged ?? 0,
      issuesTotal: r.issues_total ?? 0,
      createdBy: r.created_by_username ?? r.actor,
      createdAt: r.created_at.toISOString(),
      appliedAt: r.applied_at ? r.applied_at.toISOString() : null,
    };
  }
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { createdAt, id };
}
