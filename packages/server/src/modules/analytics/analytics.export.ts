/**
 * 导出 exports of any analytics result as CSV or XLSX. Every text cell that a spreadsheet
 * would read as a formula is neutralised (OWASP CSV injection: a cell starting with = + - @,
 * TAB or CR gets a leading apostrophe), in both formats; numbers stay numbers.
 */
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet should show it: a text that would start a formula is prefixed with '. */
export function neutraliseCell(value: Cell): Cell {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(value: Cell): string {
  const safe = neutraliseCell(value);
  if (safe === null) return '';
  const text = String(safe);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV (CRLF line ends), UTF-8 with a BOM so spreadsheet programs read the Chinese right. */
export function toCsv(rows: readonly (readonly Cell[])[]): Buffer {
  const body = rows.map((row) => row.map(csvField).join(',')).join('\r\n');
  return Buffer.from(`\uFEFF${body}\r\n`, 'utf8');
}

/** One worksheet holding the rows (the first row is the header, bold). */
export async function toXlsx(rows: readonly (readonly Cell[])[], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Huikuan';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  for (const row of rows) sheet.addRow(row.map((v) => neutraliseCell(v)));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

type RatioLike = { numerator: number | string; denominator: number | string; value: string | null };

const ratioRow = (kpi: string, group: Cell, sub: Cell, r: RatioLike): Cell[] => [
  kpi,
  group,
  sub,
  Number(r.numerator),
  Number(r.denominator),
  r.value,
];

export const TABLE_HEADER: Cell[] = ['kpi', 'group', 'item', 'numerator', 'denominator', 'value'];

/** The portfolio dashboard as rows: one per figure. */
export function portfolioTable(result: {
  groups: {
    label: string | null;
    flowRates: {
      month: string;
      flows: { from: string; to: string; ratio: RatioLike }[];
      multiplier: RatioLike;
    }[];
    entryRate: { amount: RatioLike; count: RatioLike };
    vintage: { cohort: string; points: { mob: number; ratio: RatioLike }[] }[];
    rollRate: {
      observationMonth: string;
      complete: boolean;
      rows: { from: string; cells: { to: string; ratio: RatioLike }[] }[];
    }[];
  }[];
}): Cell[][] {
  const rows: Cell[][] = [TABLE_HEADER];
  for (const g of result.groups) {
    for (const m of g.flowRates) {
      for (const f of m.flows)
        rows.push(ratioRow('flow-rate', g.label, `${m.month} ${f.from}→${f.to}`, f.ratio));
      rows.push(ratioRow('collection-multiplier', g.label, m.month, m.multiplier));
    }
    rows.push(ratioRow('entry-rate', g.label, 'amount', g.entryRate.amount));
    rows.push(ratioRow('entry-rate', g.label, 'count', g.entryRate.count));
    for (const c of g.vintage) {
      for (const p of c.points) rows.push(ratioRow('vintage', g.label, `${c.cohort} MOB${p.mob}`, p.ratio));
    }
    for (const m of g.rollRate) {
      const point = `${m.observationMonth}${m.complete ? '' : ' (partial)'}`;
      for (const r of m.rows) {
        for (const c of r.cells)
          rows.push(ratioRow('roll-rate', g.label, `${point} ${r.from}→${c.to}`, c.ratio));
      }
    }
  }
  return rows;
}

/** The collection dashboard as rows: one per figure. */
export function collectionTable(result: {
  groups: {
    label: string | null;
    cureRate: { rows: { bucket: string; ratio: RatioLike }[]; total: RatioLike };
    promises: { ptpRate: RatioLike; keptRate: RatioLike; broken: number };
    contactRate: RatioLike;
    coverage: RatioLike;
    penetration: RatioLike;
    amountCollected: { collectedFen: number; payments: number };
    recoveryRate: { amount: RatioLike; count: RatioLike };
  }[];
}): Cell[][] {
  const rows: Cell[][] = [TABLE_HEADER];
  for (const g of result.groups) {
    for (const b of g.cureRate.rows) rows.push(ratioRow('cure-rate', g.label, b.bucket, b.ratio));
    rows.push(ratioRow('cure-rate', g.label, 'total', g.cureRate.total));
    rows.push(ratioRow('ptp-rate', g.label, null, g.promises.ptpRate));
    rows.push(ratioRow('kept-rate', g.label, null, g.promises.keptRate));
    rows.push(['broken-promises', g.label, null, g.promises.broken, null, String(g.promises.broken)]);
    rows.push(ratioRow('contact-rate', g.label, null, g.contactRate));
    rows.push(ratioRow('coverage', g.label, null, g.coverage));
    rows.push(ratioRow('penetration', g.label, null, g.penetration));
    rows.push([
      'amount-collected',
      g.label,
      `${g.amountCollected.payments} payments`,
      g.amountCollected.collectedFen,
      null,
      String(g.amountCollected.collectedFen),
    ]);
    rows.push(ratioRow('recovery-rate', g.label, 'amount', g.recoveryRate.amount));
    rows.push(ratioRow('recovery-rate', g.label, 'count', g.recoveryRate.count));
  }
  return rows;
}

/** The drill-down list as rows. */
export function casesTable(result: { items: Record<string, Cell>[] }): Cell[][] {
  const header = [
    'caseId',
    'loanRef',
    'bucket',
    'dpd',
    'product',
    'region',
    'team',
    'collector',
    'variant',
    'openedOn',
    'closedOn',
    'closeReason',
  ];
  return [header, ...result.items.map((item) => header.map((h) => item[h] ?? null))];
}
