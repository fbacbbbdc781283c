import { ExportedUsageRecord } from '../../application/ports/usage-export.reader';
import { UsageExport } from '../../application/export-usage.use-case';
import { CsvCell, csvLine } from './usage-export.csv';

export const USAGE_EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type UsageExportFormat = (typeof USAGE_EXPORT_FORMATS)[number];

/** The fields of an exported record, in column order. */
export const USAGE_EXPORT_COLUMNS = [
  'id',
  'createdAt',
  'organizationId',
  'userId',
  'userEmail',
  'modelId',
  'modelName',
  'provider',
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'cost',
  'currency',
  'requestId',
] as const;

type ExportedField = (typeof USAGE_EXPORT_COLUMNS)[number];

export const CONTENT_TYPES: Record<UsageExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
};

/** Maps a record to its exported values: times in ISO 8601 UTC, cost a decimal string. */
function valuesOf(
  record: ExportedUsageRecord,
): Record<ExportedField, string | number | null> {
  return {
    id: record.id,
    createdAt: record.createdAt.toISOString(),
    organizationId: record.organizationId,
    userId: record.userId,
    userEmail: record.userEmail,
    modelId: record.modelId,
    modelName: record.modelName,
    provider: record.provider,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    totalTokens: record.totalTokens,
    cost: record.cost,
    currency: record.currency,
    requestId: record.requestId,
  };
}

/** Returns the CSV header line, CRLF included. */
export function csvHeaderLine(): string {
  return csvLine(USAGE_EXPORT_COLUMNS);
}

export function toCsvLine(record: ExportedUsageRecord): string {
  const values = valuesOf(record);
  const cells: CsvCell[] = USAGE_EXPORT_COLUMNS.map((field) => values[field]);

  return csvLine(cells);
}

/** Formats a record as one JSON object and a LF, with keys in the CSV column order. */
export function toNdjsonLine(record: ExportedUsageRecord): string {
  return `${JSON.stringify(valuesOf(record))}\n`;
}

/** Formats an instant for a file name, as 20260301T000000Z. */
function fileTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Names the download `usage-<scope>-<start>-<end>.<format>`: the scope is
 * the organization id or `global`, start and end are the range's instants
 * in UTC (end excluded), or `all` when no record matched without dates.
 */
export function usageExportFileName(
  usageExport: Pick<UsageExport, 'scope' | 'range'>,
  format: UsageExportFormat,
): string {
  const { scope, range } = usageExport;
  const scopeName =
    scope.kind === 'organization' ? scope.organizationId : 'global';
  const span =
    range === null ? 'all' : `${fileTime(range.start)}-${fileTime(range.end)}`;

  return `usage-${scopeName}-${span}.${format}`;
}
