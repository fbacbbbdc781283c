import { Granularity } from '../domain/usage-buckets';
import { UsageQuery } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { BoundParameters, usageConditions } from './usage-filter.sql';
import { BoundSql } from './raw-usage-totals.sql';

// Hour buckets are real hours that start at local minute 0, so an autumn
// daylight-saving day has 25. A record's bucket is its date_trunc hour,
// which keeps the record's offset. So where an offset changes by part of
// an hour (Asia/Pyongyang in 2015, Asia/Kathmandu in 1986), a bucket may
// start at local minute 30 or 45 of the old offset. Steps of 15 minutes meet
// every hour of offsets that are multiples of 15 minutes, as all offsets
// in use today are, and their distinct date_trunc hours are the buckets.
const HOUR_BUCKETS = (start: string, end: string, zone: string) => `
  SELECT DISTINCT date_trunc('hour', g, ${zone}) AS bucket_start
  FROM generate_series(
         date_trunc('hour', ${start}::timestamptz, ${zone}),
         ${end}::timestamptz - interval '1 microsecond',
         interval '15 minutes') AS g`;

// Days, weeks and months step on the local wall clock (PostgreSQL 15 has
// no time-zone argument to generate_series), then each local start is
// turned back into an instant.
const CALENDAR_BUCKETS = (
  start: string,
  end: string,
  zone: string,
  unit: string,
) => `
  SELECT g AT TIME ZONE ${zone} AS bucket_start
  FROM generate_series(
         date_trunc(${unit}, ${start}::timestamptz AT TIME ZONE ${zone}),
         (${end}::timestamptz - interval '1 microsecond') AT TIME ZONE ${zone},
         ('1 ' || ${unit})::interval) AS g`;

/**
 * Selects a row per bucket and provider from the CTEs `buckets`
 * (bucket_start) and `usage_buckets` (provider, bucket_start, tokens,
 * requests). The buckets of the records join the listed ones, so the
 * series add up to the totals in any zone.
 */
export const PROVIDER_BUCKET_ROWS = `providers AS (SELECT DISTINCT provider FROM usage_buckets)
      SELECT b.bucket_start, p.provider,
             coalesce(ub.tokens, 0)::text AS tokens,
             coalesce(ub.requests, 0)::text AS requests
      FROM (SELECT bucket_start FROM buckets
            UNION SELECT bucket_start FROM usage_buckets) b
      LEFT JOIN providers p ON TRUE
      LEFT JOIN usage_buckets ub
        ON ub.provider = p.provider AND ub.bucket_start = b.bucket_start
      ORDER BY b.bucket_start, p.provider COLLATE "C"`;

/** Builds the bucket starts of a range as rows of `bucket_start`. */
export function bucketsSql(
  parameters: BoundParameters,
  range: UsageRange,
  timeZone: string,
  granularity: Granularity,
): string {
  const start = parameters.bind(range.start);
  const end = parameters.bind(range.end);
  const zone = `${parameters.bind(timeZone)}::text`;
  if (granularity === 'hour') return HOUR_BUCKETS(start, end, zone);

  return CALENDAR_BUCKETS(
    start,
    end,
    zone,
    `${parameters.bind(granularity)}::text`,
  );
}

/**
 * Sums tokens and requests per bucket and provider, with a row for every
 * provider that has usage in the range in every bucket of the range, so
 * buckets without usage read 0. Without any provider each bucket still
 * has one row, whose provider is null. A record falls in the bucket that
 * date_trunc gives in the requested zone.
 */
export function providerBucketsSql(
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
  const zone = parameters.bind(query.timeZone);
  const unit = parameters.bind(query.granularity);
  const conditions = usageConditions(
    parameters,
    query.scope,
    range,
    query.filters,
  );

  return {
    text: `
      WITH buckets AS (${buckets}),
      usage_buckets AS (
        SELECT u.provider,
               date_trunc(${unit}::text, u.created_at, ${zone}::text) AS bucket_start,
               sum(u.total_tokens) AS tokens,
               count(*) AS requests
        FROM usage u
        WHERE ${conditions}
        GROUP BY 1, 2
      ),
      ${PROVIDER_BUCKET_ROWS}`,
    values: parameters.values,
  };
}
