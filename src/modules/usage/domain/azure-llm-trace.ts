import { createHash } from 'node:crypto';
import { isTokenCount, MAX_TOKENS_PER_COUNT } from './usage-draft';

/**
 * The Azure LLM inference trace format (Azure Public Dataset, 2023): a CSV
 * with this header and rows such as `2023-11-16 18:17:03.9799600,4808,10`,
 * invocation time in UTC without an offset, prompt tokens, generated tokens.
 */
export const AZURE_LLM_TRACE_HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens';

export interface TraceRow {
  occurredAt: Date;
  inputTokens: number;
  outputTokens: number;
}

export type ParsedTraceRow =
  { valid: true; row: TraceRow } | { valid: false; reason: string };

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const TOKENS = /^\d+$/;

/**
 * Parses one data row. Times keep millisecond precision: digits after the
 * third fractional one are truncated, so `03.9799600` becomes `03.979`.
 */
export function parseAzureTraceRow(line: string): ParsedTraceRow {
  const columns = line.split(',');
  if (columns.length !== 3) {
    return invalid(`expected 3 columns, found ${columns.length}`);
  }

  const occurredAt = parseTraceTimestamp(columns[0]);
  if (occurredAt === undefined) {
    return invalid(
      `invalid TIMESTAMP "${columns[0]}"; expected YYYY-MM-DD HH:MM:SS.fffffff in UTC`,
    );
  }

  const inputTokens = parseTokens(columns[1]);
  if (inputTokens === undefined) {
    return invalid(
      `invalid ContextTokens "${columns[1]}"; expected a whole number from 0 to ${MAX_TOKENS_PER_COUNT}`,
    );
  }

  const outputTokens = parseTokens(columns[2]);
  if (outputTokens === undefined) {
    return invalid(
      `invalid GeneratedTokens "${columns[2]}"; expected a whole number from 0 to ${MAX_TOKENS_PER_COUNT}`,
    );
  }

  return { valid: true, row: { occurredAt, inputTokens, outputTokens } };
}

/**
 * Derives the request id of a trace row from its source, index and text,
 * so importing the same rows again finds the records they stored.
 */
export function traceRequestId(
  source: string,
  index: number,
  line: string,
): string {
  return createHash('sha256')
    .update(`${source}\u0000${index}\u0000${line}`)
    .digest('hex');
}

function parseTraceTimestamp(text: string): Date | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;

  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map(Number);
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const time = Date.UTC(
    year,
    month - 1,
    day,
    hour,
    minute,
    second,
    milliseconds,
  );
  const date = new Date(time);

  // Date.UTC rolls 2023-02-30 over to March; a changed field means invalid.
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;

  return valid ? date : undefined;
}

function parseTokens(text: string): number | undefined {
  if (!TOKENS.test(text)) return undefined;

  const tokens = Number(text);

  return isTokenCount(tokens) ? tokens : undefined;
}

function invalid(reason: string): ParsedTraceRow {
  return { valid: false, reason };
}
