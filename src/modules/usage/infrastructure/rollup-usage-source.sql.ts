import { UsageFilters } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { organizationIdOf, UsageScope } from '../domain/usage-scope';
import { BoundParameters, usageConditions } from './usage-filter.sql';
import {
  COARSEST_LEVEL,
  monthlyTable,
  splitMonths,
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
const ROLLUP_MEASURES = `r.requests, r.input_tokens, r.output_tokens,
  r.total_tokens, r.priced_requests, r.cost`;
const ROLLUP_COLUMNS = `r.bucket_start AS at, r.model_id, r.provider,
  r.currency, ${ROLLUP_MEASURES}`;
const RAW_COLUMNS = `u.created_at AS at, u.model_id, u.provider, u.currency,
  1::bigint AS requests, u.input_tokens, u.output_tokens, u.total_tokens,
  (u.cost IS NOT NULL)::int::bigint AS priced_requests,
  coalesce(u.cost, 0) AS cost`;

/**
 * Usage rows that collection committed and no fold has added to the
 * rollups yet. A rollup piece of a range counts them beside its rollup
 * rows, so it sums every record whether folded or not.
 */
export const PENDING_USAGE = 'usage_pending';

/**
 * Selects the rows of raw table `table` (usage, or its pending rows) of a
 * scope, range and filters as measure rows.
 */
function rawRowsSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
  table: 'usage' | typeof PENDING_USAGE,
  range: UsageRange | 'all',
): string {
  const conditions = usageConditions(
    parameters,
    options.scope,
    range === 'all' ? null : range,
    options.filters,
  );

  return `SELECT ${RAW_COLUMNS} FROM ${table} u WHERE ${conditions}`;
}

export interface MeasureSourceOptions {
  scope: UsageScope;
  range: UsageRange | null;
  filters: UsageFilters;
  /**
   * An integer SQL expression, evaluated once, that caps the tier the rows
   * may come from (0 for raw rows only); without it every tier serves.
   */
  maxLevel?: string;
  /**
   * Name of a CTE built by dayCorrectionsSql over the chart buckets; only
   * with `maxLevel`. Whole UTC days then come from the daily rollup even
   * when the bucket boundaries fall on hours or quarter hours. The finer
   * rows between a boundary and the day's edge correct them.
   */
  dayCorrections?: string;
}

/**
 * Builds the body of a CTE of (day_start, attributed_at, from_at, to_at),
 * one row per UTC day of the range that a bucket boundary cuts. The daily
 * rows of such a day count in the bucket of `attributed_at`: the day's
 * start or its last instant, whichever leaves fewer hours across the
 * boundaries. Those hours, [from_at, to_at), then move to their own
 * buckets. `buckets` names a CTE of the bucket starts (column bucket_start).
 */
export function dayCorrectionsSql(
  parameters: BoundParameters,
  range: UsageRange,
  buckets: string,
): string {
  const start = parameters.bind(range.start);
  const end = parameters.bind(range.end);
  const day = `date_bin('1 day', b.bucket_start, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;

  return `
    SELECT d.day_start,
           CASE WHEN d.tail THEN d.day_start
                ELSE d.day_start + interval '24 hours' - interval '1 microsecond'
           END AS attributed_at,
           CASE WHEN d.tail THEN d.first_start ELSE d.day_start END AS from_at,
           CASE WHEN d.tail THEN d.day_start + interval '24 hours'
                ELSE d.last_start END AS to_at
    FROM (
      SELECT ${day} AS day_start, min(b.bucket_start) AS first_start,
             max(b.bucket_start) AS last_start,
             ${day} + interval '24 hours' - min(b.bucket_start)
               <= max(b.bucket_start) - ${day} AS tail
      FROM ${buckets} b
      WHERE b.bucket_start > ${start}::timestamptz
        AND b.bucket_start < ${end}::timestamptz
        AND ${day} <> b.bucket_start
      GROUP BY 1
    ) d`;
}

const SIGNED_MEASURES = `x.sign * r.requests AS requests,
  x.sign * r.input_tokens AS input_tokens,
  x.sign * r.output_tokens AS output_tokens,
  x.sign * r.total_tokens AS total_tokens,
  x.sign * r.priced_requests AS priced_requests, x.sign * r.cost AS cost`;

/**
 * Selects whole UTC days of the daily rollup at their attributed instants,
 * and each row of tier `level` that a correction moves twice: positive at
 * its own time, negative at its day's attributed instant. Summed per
 * bucket, the two give the usage of the bucket exactly.
 */
function correctedDaysSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
  corrections: string,
  level: number,
  range: UsageRange,
  guard: string,
): string {
  const { scope, filters } = options;
  const days = rollupConditions(
    parameters,
    scope,
    range,
    filters,
    'bucket_start',
  );
  const finer = rollupConditions(parameters, scope, 'all', filters, '');
  const start = parameters.bind(range.start);
  const end = parameters.bind(range.end);

  return `
    SELECT coalesce(c.attributed_at, r.bucket_start) AS at, r.model_id,
           r.provider, r.currency, ${ROLLUP_MEASURES}
    FROM ${tierTable(COARSEST_LEVEL, scope)} r
    LEFT JOIN ${corrections} c ON c.day_start = r.bucket_start
    WHERE ${days} AND ${guard}
    UNION ALL
    SELECT x.at, r.model_id, r.provider, r.currency, ${SIGNED_MEASURES}
    FROM ${corrections} c
    JOIN ${tierTable(level, scope)} r
      ON r.bucket_start >= c.from_at AND r.bucket_start < c.to_at
    CROSS JOIN LATERAL (
      VALUES (r.bucket_start, 1::bigint), (c.attributed_at, -1::bigint)
    ) AS x (at, sign)
    WHERE c.day_start >= ${start}::timestamptz
      AND c.day_start < ${end}::timestamptz
      AND ${finer} AND ${guard}
    UNION ALL
    ${rawRowsSql(parameters, options, PENDING_USAGE, range)} AND ${guard}`;
}

/**
 * Selects the rows of rollup `table` over whole buckets of the range, and
 * the pending rows in them: two SELECTs, each ending in its WHERE clause.
 */
function rollupRowsSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
  table: string,
  range: UsageRange | 'all',
): string[] {
  const { scope, filters } = options;
  const conditions = rollupConditions(
    parameters,
    scope,
    range,
    filters,
    'bucket_start',
  );

  return [
    `SELECT ${ROLLUP_COLUMNS} FROM ${table} r WHERE ${conditions}`,
    rawRowsSql(parameters, options, PENDING_USAGE, range),
  ];
}

/**
 * Selects the rows of one tier (0: raw rows) over a piece of the range:
 * SELECTs that each end in their WHERE clause.
 */
function pieceSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
  level: number,
  range: UsageRange | 'all',
): string[] {
  if (level > 0) {
    const table = tierTable(level, options.scope);

    return rollupRowsSql(parameters, options, table, range);
  }

  return [rawRowsSql(parameters, options, 'usage', range)];
}

/**
 * Selects whole UTC months of a range from the monthly rollup and its
 * pieces between them from the finer tiers, as tierPieces splits them.
 */
function monthPartsSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
): string[] {
  const months = splitMonths(options.range);
  const parts: string[] = [];
  if (months.whole !== null) {
    const table = monthlyTable(options.scope);
    parts.push(...rollupRowsSql(parameters, options, table, months.whole));
  }
  for (const edge of months.edges) {
    for (const piece of tierPieces(edge, COARSEST_LEVEL)) {
      parts.push(...pieceSql(parameters, options, piece.level, piece.range));
    }
  }

  return parts;
}

/**
 * Selects each piece of tierPieces with its finer alternatives, each
 * guarded by `maxLevel` so that exactly one of them is read.
 */
function guardedPartsSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
  maxLevel: string,
): string[] {
  const parts: string[] = [];
  for (const piece of tierPieces(options.range, COARSEST_LEVEL)) {
    for (let level = piece.level; level >= 0; level -= 1) {
      const guard =
        level === piece.level
          ? `(${maxLevel}) >= ${level}`
          : `(${maxLevel}) = ${level}`;
      if (
        options.dayCorrections !== undefined &&
        piece.level === COARSEST_LEVEL &&
        piece.range !== 'all' &&
        level > 0 &&
        level < piece.level
      ) {
        parts.push(
          correctedDaysSql(
            parameters,
            options,
            options.dayCorrections,
            level,
            piece.range,
            guard,
          ),
        );
        continue;
      }
      for (const sql of pieceSql(parameters, options, level, piece.range)) {
        parts.push(`${sql} AND ${guard}`);
      }
    }
  }

  return parts;
}

/**
 * Builds a subquery with the columns above over the usage of a scope,
 * range and filters. Without `maxLevel`, whole UTC months come from the
 * monthly rollup. The rest is read from the coarsest tier that fits:
 * whole UTC days, then whole hours, then whole 15-minute buckets, then
 * raw rows for the partial edges. So summing any measure gives the sum
 * over the raw rows exactly. Charts pass `maxLevel` and read no months,
 * because the buckets of a zone other than UTC cut them.
 */
export function measureSourceSql(
  parameters: BoundParameters,
  options: MeasureSourceOptions,
): string {
  const parts =
    options.maxLevel === undefined
      ? monthPartsSql(parameters, options)
      : guardedPartsSql(parameters, options, options.maxLevel);
  if (parts.length === 0) {
    parts.push(`SELECT ${RAW_COLUMNS} FROM usage u WHERE FALSE`);
  }

  return `(${parts.join('\n UNION ALL\n')})`;
}
