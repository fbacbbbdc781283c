import { UsageFilters } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { organizationIdOf, UsageScope } from '../domain/usage-scope';
import { BoundParameters, usageConditions } from './usage-filter.sql';
import {
  COARSEST_LEVEL,
  tierPieces,
  tierTable,
} from './rollup-usage-tiers.sql';

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
   * An integer SQL expression, evaluated once, that caps the tier the rows
   * may come from (0 for raw rows only); without it every tier serves.
   */
  maxLevel?: string;
}

/** Selects the rows of one tier (0: raw rows) over a piece of the range. */
function pieceSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
  level: number,
  range: UsageRange | 'all',
): string {
  const { scope, filters } = options;
  if (level === 0) {
    const raw = range === 'all' ? null : range;
    const conditions = usageConditions(parameters, scope, raw, filters);

    return `SELECT ${RAW_COLUMNS} FROM usage u WHERE ${conditions}`;
  }

  const conditions = rollupConditions(
    parameters,
    scope,
    range,
    filters,
    'bucket_start',
  );

  return `SELECT ${ROLLUP_COLUMNS} FROM ${tierTable(level, scope)} r WHERE ${conditions}`;
}

/**
 * Builds a subquery with the columns above over the usage of a scope,
 * range and filters. Whole UTC days come from the daily rollup, whole
 * hours of the remainders from the hourly one, whole 15-minute buckets of
 * what is left from the 15-minute one, and the partial edges from raw
 * rows, so summing any measure gives the sum over the raw rows exactly.
 * With `maxLevel`, each piece also gets its finer alternatives, each
 * guarded so that exactly one of them is read.
 */
export function measureSourceSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
): string {
  const { range, maxLevel } = options;
  const parts: string[] = [];

  for (const piece of tierPieces(range, COARSEST_LEVEL)) {
    if (maxLevel === undefined) {
      parts.push(pieceSql(parameters, options, piece.level, piece.range));
      continue;
    }
    for (let level = piece.level; level >= 0; level -= 1) {
      const guard =
        level === piece.level
          ? `(${maxLevel}) >= ${level}`
          : `(${maxLevel}) = ${level}`;
      const sql = pieceSql(parameters, options, level, piece.range);
      parts.push(`${sql} AND ${guard}`);
    }
  }
  if (parts.length === 0) {
    parts.push(`SELECT ${RAW_COLUMNS} FROM usage u WHERE FALSE`);
  }

  return `(${parts.join('\n UNION ALL\n')})`;
}
