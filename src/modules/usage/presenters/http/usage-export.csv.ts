/** A cell of an exported table; null is an empty cell. */
export type CsvCell = string | number | boolean | null;

// Spreadsheets run a text cell that starts with one of these as a formula
// (OWASP "CSV injection"), so such cells get a leading apostrophe.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 line ending. */
export const CSV_LINE_END = '\r\n';

/**
 * Encodes one cell: text that a spreadsheet would run as a formula gets a
 * leading `'`, then text with a comma, quote, CR or LF is quoted with its
 * quotes doubled (RFC 4180). Numbers and booleans are written as they are.
 */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);

  const text = FORMULA_START.test(value) ? `'${value}` : value;

  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Encodes one CSV line, CRLF included. */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + CSV_LINE_END;
}
