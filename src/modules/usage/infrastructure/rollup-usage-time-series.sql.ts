import { UsageQuery } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { bucketsSql } from './raw-usage-time-series.sql';
import { BoundSql } from './raw-usage-totals.sql';
import {
  measureSourceSql,
  QUARTER_HOUR_MS,
  splitRange,
} from './rollup-usage-source.sql';
import { BoundParameters } from './usage-filter.sql';

/**
 * Builds a check of whether every bucket boundary strictly inside the whole 15-minute
 * buckets of the range is itself a 15-minute boundary. Then each rollup
 * bucket lies in one chart bucket. It holds for every zone offset in use
 * today; zones with older offsets such as +00:53:28 fall back to raw rows.
 */
function alignedSql(parameters: BoundParameters, range: UsageRange): string {
  const whole = splitRange(range, QUARTER_HOUR_MS).whole;
  if (whole === null || whole === 'all') return 'TRUE';

  return `NOT EXISTS (
    SELECT 1 FROM buckets b
    WHERE b.bucket_start > ${parameters.bind(whole.start)}::timestamptz
      AND b.bucket_start < ${parameters.bind(whole.end)}::timestamptz
      AND date_bin('15 minutes', b.bucket_start,
                   TIMESTAMPTZ '2000-01-01 00:00:00+00') <> b.bucket_start)`;
}

/**
 * Sums tokens and requests per bucket and provider as the raw query does.
 * Every provider with usage in the range gets a row in every bucket, and
 * without any provider each bucket gets one row whose provider is null.
 */
export function rollupProviderBucketsSql(
  query: UsageQuery,
  range: UsageRange,
): BoundSql {
  const parameters = new BoundParameters();
  const buckets = bucketsSql(
    parameters,
    range,
    query.timeZone,
    query.granularity,
  );
  const aligned = alignedSql(parameters, range);
  const zone = parameters.bind(query.timeZone);
  const unit = parameters.bind(query.granularity);
  const source = measureSourceSql(parameters, {
    scope: query.scope,
    range,
    filters: query.filters,
    useRollup: '(SELECT ok FROM alignment)',
  });

  return {
    text: `
      WITH buckets AS MATERIALIZED (${buckets}),
      alignment AS (SELECT ${aligned} AS ok),
      usage_buckets AS (
        SELECT s.provider,
               date_trunc(${unit}::text, s.at, ${zone}::text) AS bucket_start,
               sum(s.total_tokens) AS tokens,
               sum(s.requests) AS requests
        FROM ${source} s
        GROUP BY 1, 2
      ),
      providers AS (SELECT DISTINCT provider FROM usage_buckets)
      SELECT b.bucket_start, p.provider,
             coalesce(ub.tokens, 0)::text AS tokens,
             coalesce(ub.requests, 0)::text AS requests
      FROM buckets b
      LEFT JOIN providers p ON TRUE
      LEFT JOIN usage_buckets ub
        ON ub.provider = p.provider AND ub.bucket_start = b.bucket_start
      ORDER BY b.bucket_start, p.provider COLLATE "C"`,
    values: parameters.values,
  };
}
