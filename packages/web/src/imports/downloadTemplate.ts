import { IMPORT_COLUMNS, type ImportKind } from '@huikuan/domain';

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Downloads a CSV template of an import kind: the Chinese headers and one example row,
 * in UTF-8 with a BOM so that Excel on Windows opens it in the right encoding.
 */
export function downloadTemplate(kind: ImportKind): void {
  const columns = IMPORT_COLUMNS[kind];
  const text = [columns.map((c) => csvCell(c.header)), columns.map((c) => csvCell(c.example))]
    .map((row) => row.join(','))
    .join('\r\n');
  const blob = new Blob(['\uFEFF', text, '\r\n'], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `huikuan-${kind}-template.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
