import { UsageQuery } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import {
  bucketKeySql,
  bucketsSql,
  providerBucketRowsSql,
} from './raw-usage-time-series.sql';
import { BoundSql } from './raw-usage-totals.sql';
import { dayCorrectionsSql, measureSourceSql } from './rollup-usage-source.sql';
import { BoundParameters } from './usage-filter.sql';

/**
 * Builds the coarsest tier level whose buckets each lie in one chart
 * bucket: every chart bucket boundary strictly inside the range must be a
 * boundary of that tier. UTC days need a zone at offset 0 and a
 * granularity of a day or more, hours hold for whole-hour offsets such as
 * Europe/Berlin's, 15 minutes for +05:30 or +05:45. Zones with older
 * offsets such as +00:53:28 get 0, raw rows.
 */
function levelSql(parameters: BoundParameters, range: UsageRange): string {
  const start = parameters.bind(range.start);
  const end = parameters.bind(range.end);
  const fits = (width: string) => `NOT EXISTS (
    SELECT 1 FROM buckets b
    WHERE b.bucket_start > ${start}::timestamptz
      AND b.bucket_start < ${end}::timestamptz
      AND date_bin('${width}', b.bucket_start,
                   TIMESTAMPTZ '2000-01-01 00:00:00+00') <> b.bucket_start)`;

  return `CASE WHEN ${fits('1 day')} THEN 3
               WHEN ${fits('1 hour')} THEN 2
               WHEN ${fits('15 minutes')} THEN 1
               ELSE 0 END`;
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
  const level = levelSql(parameters, range);
  const zone = parameters.bind(query.timeZone);
  const unit = parameters.bind(query.granularity);
  const corrections = dayCorrectionsSql(parameters, range, 'buckets');
  const source = measureSourceSql(parameters, {
    scope: query.scope,
    range,
    filters: query.filters,
    maxLevel: '(SELECT level FROM alignment)',
    // Hour buckets cut each day 23 times, so the hourly rows serve them directly.
    dayCorrections:
      query.granularity === 'hour' ? undefined : 'day_corrections',
  });

  return {
    text: `
      WITH buckets AS MATERIALIZED (${buckets}),
      alignment AS (SELECT ${level} AS level),
      day_corrections AS MATERIALIZED (${corrections}),
      usage_buckets AS (
        SELECT s.provider,
               ${bucketKeySql('s.at', `${unit}::text`, `${zone}::text`, query.granularity)},
               sum(s.total_tokens) AS tokens,
               sum(s.requests) AS requests
        FROM ${source} s
        GROUP BY 1, 2, 3
      ),
      ${providerBucketRowsSql(query.granularity)}`,
    values: parameters.values,
  };
}
