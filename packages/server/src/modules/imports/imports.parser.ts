/**
 * Reading an uploaded table: CSV (UTF-8 with or without BOM, UTF-16 from Excel's "Unicode
 * text", otherwise GBK as Chinese Excel writes it) or XLSX (the first worksheet). The
 * result is a header row and data rows of cells, each with the line number a user sees
 * in the file (the header is line 1 in a file that starts with it). Blank lines are skipped.
 */
import { type CellInput, type ErrorCode, isBlankCell } from '@huikuan/domain';
import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type ImportFormat = 'csv' | 'xlsx';

export interface ParsedRow {
  line: number;
  cells: CellInput[];
}

export interface ParsedTable {
  format: ImportFormat;
  encoding: string | null; // CSV only: 'UTF-8', 'UTF-8 (BOM)', 'UTF-16LE' or 'GBK'
  headerLine: number;
  headers: string[];
  rows: ParsedRow[];
}

/** A file that cannot be read as a table; recorded as a rejected import with this code. */
export class UnreadableFileError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown>,
    readonly line: number | null = null,
  ) {
    super(code);
    this.name = 'UnreadableFileError';
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]); // legacy .xls

/** The format of an upload, by its name and its first bytes; null when it is neither CSV nor XLSX. */
export function detectFormat(fileName: string, content: Buffer): ImportFormat | null {
  const name = fileName.toLowerCase();
  const zip = content.subarray(0, 4).equals(ZIP_MAGIC);
  if (name.endsWith('.xlsx')) return zip ? 'xlsx' : null;
  if (content.subarray(0, 4).equals(OLE_MAGIC) || name.endsWith('.xls')) return null;
  if (name.endsWith('.csv') || name.endsWith('.txt') || name.endsWith('.tsv')) return zip ? null : 'csv';
  return zip ? 'xlsx' : null;
}

/**
 * Decodes CSV bytes. A BOM decides; otherwise the bytes are tried as strict UTF-8 and,
 * when that fails, read as GBK (what Excel writes on a Chinese Windows).
 */
export function decodeCsv(content: Buffer): { text: string; encoding: string } {
  if (content.length >= 2 && content[0] === 0xff && content[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(content), encoding: 'UTF-16LE' };
  }
  const bom = content.length >= 3 && content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf;
  try {
    // TextDecoder drops the BOM itself.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    return { text, encoding: bom ? 'UTF-8 (BOM)' : 'UTF-8' };
  } catch {
    return { text: iconv.decode(content, 'gbk'), encoding: 'GBK' };
  }
}

/** The field delimiter: the most frequent of comma, tab and semicolon in the first line. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function lineBreaks(text: string): number {
  return text.match(/\n/g)?.length ?? 0;
}

function isBlankRow(cells: readonly CellInput[]): boolean {
  return cells.every((c) => isBlankCell(c));
}

/** Splits rows into the header (the first non-blank row) and the data rows. */
function toTable(
  format: ImportFormat,
  encoding: string | null,
  rows: ParsedRow[],
  maxRows: number,
): ParsedTable {
  const nonBlank = rows.filter((r) => !isBlankRow(r.cells));
  const [header, ...data] = nonBlank;
  if (!header || data.length === 0) throw new UnreadableFileError('IMPORT_FILE_EMPTY', {});
  if (data.length > maxRows) throw new UnreadableFileError('IMPORT_TOO_MANY_ROWS', { max: maxRows });
  return {
    format,
    encoding,
    headerLine: header.line,
    headers: header.cells.map((c) => (c === null || c === undefined ? '' : String(c))),
    rows: data,
  };
}

/** Reads a CSV file. */
export function parseCsv(content: Buffer, maxRows: number): ParsedTable {
  const decoded = decodeCsv(content);
  // One line ending, so that line numbers count as an editor shows them (csv-parse counts a
  // CRLF inside a quoted value as two lines).
  const text = decoded.text.replace(/\r\n?/g, '\n');
  let lastLine = 0;
  let rows: ParsedRow[];
  try {
    rows = parse(text, {
      delimiter: detectDelimiter(text),
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true, // a quote inside an unquoted value is kept as typed
      raw: true,
      on_record: (({ record, raw }: { record: string[]; raw: string }, context: { lines: number }) => {
        lastLine = context.lines;
        // context.lines is the line a record ends on; a quoted value may span lines, so count back.
        return { line: context.lines - lineBreaks(raw.replace(/\n$/, '')), cells: record };
      }) as never,
    }) as unknown as ParsedRow[];
  } catch (err) {
    if (err instanceof CsvError) {
      // An unclosed quote runs to the end of the file: it opened on the line after the last good record.
      const line =
        err.code === 'CSV_QUOTE_NOT_CLOSED' ? lastLine + 1 : ((err as { lines?: number }).lines ?? null);
      // csv-parse may quote a cell's value in its message; the report keeps the reason, not the data.
      const detail = err.message.replace(/,? value is .*$/s, '');
      throw new UnreadableFileError('IMPORT_FILE_UNREADABLE', { detail }, line);
    }
    throw err;
  }
  return toTable('csv', decoded.encoding, rows, maxRows);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The value of a spreadsheet cell as a file cell: text, a number, or a date written
 * YYYY-MM-DD (with the time when there is one). ExcelJS gives dates as UTC instants of
 * the wall-clock time shown, so the UTC fields are the date a user sees.
 */
export function excelCellValue(value: ExcelJS.CellValue): CellInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const t = new Date(Math.round(value.getTime() / 1000) * 1000);
    const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
    const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    return time === '00:00:00' ? date : `${date} ${time}`;
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    // A formula cell counts as the value it shows (its cached result).
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? null : excelCellValue(result as ExcelJS.CellValue);
  }
  if ('text' in value) return String((value as { text: unknown }).text);
  return null;
}

/** Reads the first worksheet of an XLSX file; row numbers are the sheet's. */
export async function parseXlsx(content: Buffer, maxRows: number): Promise<ParsedTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (err) {
    throw new UnreadableFileError('IMPORT_FILE_UNREADABLE', {
      detail: err instanceof Error ? err.message.slice(0, 200) : 'not an XLSX workbook',
    });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableFileError('IMPORT_FILE_EMPTY', {});
  // Count before reading cells: a sheet far too long is refused without building every row.
  if (sheet.actualRowCount > maxRows + 1)
    throw new UnreadableFileError('IMPORT_TOO_MANY_ROWS', { max: maxRows });
  const rows: ParsedRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: values[0] is empty
    const cells: CellInput[] = [];
    for (let i = 1; i < values.length; i += 1) cells.push(excelCellValue(values[i] ?? null));
    rows.push({ line: rowNumber, cells });
  });
  return toTable('xlsx', null, rows, maxRows);
}

/** Reads an upload of either format. */
export async function readTable(
  format: ImportFormat,
  content: Buffer,
  maxRows: number,
): Promise<ParsedTable> {
  return format === 'csv' ? parseCsv(content, maxRows) : parseXlsx(content, maxRows);
}
