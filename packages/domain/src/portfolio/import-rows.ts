/**
 * 导入行 turning one row of an import file into a record: each cell is read by its
 * column's type (yuan → fen, 18% → "0.18", 2026/3/15 → 2026-03-15, 男 → M), then the
 * record is validated with the same schema the API uses. Pure; the server reads the file
 * and the database checks (unknown references, duplicates across the book) come after.
 */
import type { z } from 'zod';
import { ERROR_MESSAGES, type ErrorCode } from '../errors/error-codes.js';
import { OperatorPostPayment } from '../payments/payment.schemas.js';
import {
  type CellInput,
  type CellResult,
  isBlankCell,
  readDateCell,
  readDateTimeCell,
  readIntegerCell,
  readRateCell,
  readTextCell,
  readYuanCell,
} from './cell-values.js';
import type { ImportColumn, ImportKind, ImportLayout } from './import-columns.js';
import {
  CollateralRecord,
  ContactRecord,
  CustomerRecord,
  InstallmentRecord,
  isSourceRef,
  LoanRecord,
} from './ingest-records.js';

/** The record type each import kind produces. */
export interface ImportRecordOf {
  customers: CustomerRecord;
  contacts: ContactRecord;
  loans: LoanRecord;
  schedules: InstallmentRecord;
  collateral: CollateralRecord;
  payments: OperatorPostPayment;
}

const SCHEMAS: { [K in ImportKind]: z.ZodType<ImportRecordOf[K]> } = {
  customers: CustomerRecord,
  contacts: ContactRecord,
  loans: LoanRecord,
  schedules: InstallmentRecord,
  collateral: CollateralRecord,
  payments: OperatorPostPayment,
};

/** A problem with one cell (column set) or one row (column null). */
export interface RowIssue {
  column: string | null; // the header as written in the file
  field: string | null; // the record field
  code: ErrorCode;
  params: Record<string, unknown>;
}

/** A code and parameters for a zod issue: the code a refinement carries, or one that fits its kind. */
export function codeOfIssue(issue: z.core.$ZodIssue): { code: ErrorCode; params: Record<string, unknown> } {
  switch (issue.code) {
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as { code?: unknown };
      return typeof code === 'string' && code in ERROR_MESSAGES
        ? { code: code as ErrorCode, params }
        : { code: 'VALUE_INVALID', params: {} };
    }
    case 'too_big':
      return issue.origin === 'string'
        ? { code: 'TEXT_TOO_LONG', params: { max: Number(issue.maximum) } }
        : { code: 'NUMBER_OUT_OF_RANGE', params: { min: '…', max: Number(issue.maximum) } };
    case 'too_small':
      return issue.origin === 'string'
        ? { code: 'VALUE_REQUIRED', params: {} }
        : { code: 'NUMBER_OUT_OF_RANGE', params: { min: Number(issue.minimum), max: '…' } };
    case 'invalid_value':
      return { code: 'VALUE_NOT_ALLOWED', params: { allowed: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      return issue.format === 'datetime'
        ? { code: 'DATETIME_INVALID', params: {} }
        : { code: 'VALUE_INVALID', params: {} };
    case 'invalid_type':
      return issue.expected === 'int'
        ? { code: 'INTEGER_INVALID', params: {} }
        : { code: 'VALUE_INVALID', params: {} };
    default:
      return { code: 'VALUE_INVALID', params: {} };
  }
}

/** Reads an enum cell: the value itself (any case) or one of its labels. */
function readChoice(column: ImportColumn, cell: CellInput): CellResult<string | null> {
  const text = readTextCell(cell);
  if (!text.ok || text.value === null) return text;
  const wanted = text.value.normalize('NFKC').trim().toLowerCase();
  for (const choice of column.choices ?? []) {
    if (choice.value.toLowerCase() === wanted || choice.labels.some((l) => l.toLowerCase() === wanted)) {
      return { ok: true, value: choice.value };
    }
  }
  const allowed = (column.choices ?? []).map((c) => `${c.labels[0]}(${c.value})`).join('、');
  return { ok: false, code: 'VALUE_NOT_ALLOWED', params: { allowed } };
}

/** Reads one cell by its column's type. */
export function readCell(
  column: ImportColumn,
  cell: CellInput,
  options: { timeZone: string },
): CellResult<string | number | null> {
  switch (column.type) {
    case 'ref': {
      const text = readTextCell(cell);
      if (!text.ok || text.value === null) return text;
      const ref = text.value.normalize('NFKC');
      return isSourceRef(ref) ? { ok: true, value: ref } : { ok: false, code: 'SOURCE_REF_INVALID' };
    }
    case 'text':
      return readTextCell(cell, column.max === undefined ? {} : { maxLength: column.max });
    case 'yuan':
      return readYuanCell(cell);
    case 'rate':
      return readRateCell(cell);
    case 'date':
      return readDateCell(cell);
    case 'datetime':
      return readDateTimeCell(cell, options.timeZone);
    case 'integer': {
      const n = readIntegerCell(cell);
      if (!n.ok || n.value === null) return n;
      const min = column.min ?? Number.MIN_SAFE_INTEGER;
      const max = column.max ?? Number.MAX_SAFE_INTEGER;
      return n.value < min || n.value > max
        ? { ok: false, code: 'NUMBER_OUT_OF_RANGE', params: { min, max } }
        : n;
    }
    case 'enum':
      return readChoice(column, cell);
  }
}

/**
 * Reads one data row into a record of `kind`. Returns the record when the row is valid,
 * otherwise null with every problem found (one per cell at most).
 */
export function readImportRow<K extends ImportKind>(
  kind: K,
  layout: ImportLayout,
  cells: readonly CellInput[],
  options: { timeZone: string },
): { record: ImportRecordOf[K] | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const candidate: Record<string, unknown> = {};
  const headerOf = new Map<string, string>();
  const width = Math.max(cells.length, layout.columns.length);
  for (let i = 0; i < width; i += 1) {
    const column = layout.columns[i] ?? null;
    const cell = cells[i];
    if (!column) {
      if (!isBlankCell(cell)) {
        issues.push({
          column: layout.headers[i] || null,
          field: null,
          code: 'IMPORT_VALUE_WITHOUT_HEADER',
          params: { position: i + 1 },
        });
      }
      continue;
    }
    const header = layout.headers[i] ?? column.header;
    headerOf.set(column.field, header);
    const result = readCell(column, cell, options);
    if (!result.ok) {
      issues.push({ column: header, field: column.field, code: result.code, params: result.params ?? {} });
    } else if (result.value === null) {
      if (column.required)
        issues.push({ column: header, field: column.field, code: 'VALUE_REQUIRED', params: {} });
    } else {
      candidate[column.field] = result.value;
    }
  }
  const parsed = SCHEMAS[kind].safeParse(candidate);
  if (parsed.success) return issues.length ? { record: null, issues } : { record: parsed.data, issues };
  const flagged = new Set(issues.map((i) => i.field));
  for (const issue of parsed.error.issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
    if (field !== null && flagged.has(field)) continue; // one problem per cell is enough
    if (field !== null) flagged.add(field);
    const { code, params } = codeOfIssue(issue);
    issues.push({ column: field === null ? null : (headerOf.get(field) ?? field), field, code, params });
  }
  return { record: null, issues };
}

/** The key a record is unique by within an import: its reference, or loan and installment number. */
export function importRecordKey<K extends ImportKind>(kind: K, record: ImportRecordOf[K]): string {
  if (kind === 'schedules') {
    const r = record as InstallmentRecord;
    return `${r.loanRef}#${r.seq}`;
  }
  return (record as { sourceRef: string }).sourceRef;
}
