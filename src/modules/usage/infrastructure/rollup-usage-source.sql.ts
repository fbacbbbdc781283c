import { UsageFilters } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { organizationIdOf, UsageScope } from '../domain/usage-scope';
import { BoundParameters, usageConditions } from './usage-filter.sql';

/** Width of the buckets of the organization and global rollups. */
export const QUARTER_HOUR_MS = 15 * 60 * 1000;
/** Width of the buckets of the user rollup (UTC days). */
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A range split at bucket boundaries: the whole buckets in between come
 * from a rollup, the partial edges from raw rows. `whole` is null when the
 * range contains no whole bucket, or 'all' without a range.
 */
export interface SplitRange {
  whole: UsageRange | 'all' | null;
  edges: UsageRange[];
}

/**
 * Splits a range at multiples of `widthMs` since the Unix epoch, which the
 * rollup buckets start on because their origin, 2000-01-01 UTC, is one.
 */
export function splitRange(
  range: UsageRange | null,
  widthMs: number,
): SplitRange {
  if (range === null) return { whole: 'all', edges: [] };

  const start = range.start.getTime();
  const end = range.end.getTime();
  const wholeStart = Math.ceil(start / widthMs) * widthMs;
  const wholeEnd = Math.floor(end / widthMs) * widthMs;
  if (wholeStart >= wholeEnd) {
    return { whole: null, edges: start < end ? [range] : [] };
  }

  const edges: UsageRange[] = [];
  if (start < wholeStart) {
    edges.push({ start: range.start, end: new Date(wholeStart) });
  }
  if (wholeEnd < end) {
    edges.push({ start: new Date(wholeEnd), end: range.end });
  }

  return {
    whole: { start: new Date(wholeStart), end: new Date(wholeEnd) },
    edges,
  };
}

/** Builds the conditions on rollup `r` whose time column is `timeColumn`. */
export function rollupConditions(
  parameters: BoundParameters,
  scope: UsageScope,
  whole: UsageRange | 'all',
  filters: UsageFilters,
  timeColumn: string,
): string {
  const conditions: string[] = [];
  const organizationId = organizationIdOf(scope);
  if (organizationId !== null) {
    conditions.push(
      `r.organization_id = ${parameters.bind(organizationId)}::uuid`,
    );
  }
  if (whole !== 'all') {
    conditions.push(
      `r.${timeColumn} >= ${parameters.bind(whole.start)}::timestamptz`,
      `r.${timeColumn} < ${parameters.bind(whole.end)}::timestamptz`,
    );
  }
  if (filters.provider !== undefined) {
    conditions.push(`r.provider = ${parameters.bind(filters.provider)}`);
  }
  if (filters.modelId !== undefined) {
    conditions.push(`r.model_id = ${parameters.bind(filters.modelId)}::uuid`);
  }

  return conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
}

// Columns of a measure source: `at` is the bucket start of a rollup row or
// the time of a raw row, and every raw row counts as one request.
const ROLLUP_COLUMNS = `r.bucket_start AS at, r.model_id, r.provider, r.currency,
  r.requests, r.input_tokens, r.output_tokens, r.total_tokens,
  r.priced_requests, r.cost`;
const RAW_COLUMNS = `u.created_at AS at, u.model_id, u.provider, u.currency,
  1::bigint AS requests, u.input_tokens, u.output_tokens, u.total_tokens,
  (u.cost IS NOT NULL)::int::bigint AS priced_requests,
  coalesce(u.cost, 0) AS cost`;

export interface MeasureSourceOptions {
  scope: UsageScope;
  range: UsageRange | null;
  filters: UsageFilters;
  /**
   * A boolean SQL expression that decides whether the whole buckets come
   * from the rollup (true) or from raw rows (false), evaluated once.
   */
  useRollup?: string;
}

/**
 * Builds a subquery with the columns above over the usage of a scope,
 * range and filters: whole 15-minute buckets from the organization or
 * global rollup, the partial edges from raw rows. Summing any measure of
 * it gives the sum over the raw rows exactly.
 */
export function measureSourceSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
): string {
  const { scope, range, filters, useRollup } = options;
  const split = splitRange(range, QUARTER_HOUR_MS);
  const table =
    scope.kind === 'global'
      ? 'usage_global_rollup'
      : 'usage_organization_rollup';
  const parts: string[] = [];

  if (split.whole !== null) {
    const conditions = rollupConditions(
      parameters,
      scope,
      split.whole,
      filters,
      'bucket_start',
    );
    const guard = useRollup === undefined ? '' : ` AND (${useRollup})`;
    parts.push(
      `SELECT ${ROLLUP_COLUMNS} FROM ${table} r WHERE ${conditions}${guard}`,
    );
    if (useRollup !== undefined && split.whole !== 'all') {
      const raw = usageConditions(parameters, scope, split.whole, filters);
      parts.push(
        `SELECT ${RAW_COLUMNS} FROM usage u WHERE ${raw} AND NOT (${useRollup})`,
      );
    }
  }
  for (const edge of split.edges) {
    const conditions = usageConditions(parameters, scope, edge, filters);
    parts.push(`SELECT ${RAW_COLUMNS} FROM usage u WHERE ${conditions}`);
  }
  if (parts.length === 0) {
    parts.push(`SELECT ${RAW_COLUMNS} FROM usage u WHERE FALSE`);
  }

  return `(${parts.join('\n UNION ALL\n')})`;
}
