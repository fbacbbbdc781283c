// CSV as RFC 4180 writes it: CRLF line ends, and a field that contains a
// comma, a quote or a line break is quoted with its quotes doubled.

// A spreadsheet runs a cell that starts with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null;

/**
 * Encodes one field. Text that a spreadsheet would read as a formula gets a
 * leading apostrophe; numbers and booleans are written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);

  const text = FORMULA_START.test(value) ? `'${value}` : value;

  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return [header, ...rows]
    .map((row) => row.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}
