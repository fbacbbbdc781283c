import { Granularity } from '../domain/usage-buckets';
import { UsageQuery } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { BoundParameters, usageConditions } from './usage-filter.sql';
import { BoundSql } from './raw-usage-totals.sql';

/** Builds the UTC offset of the zone at an instant, as an interval. */
const OFFSET_AT = (instant: string, zone: string) =>
  `(${instant} AT TIME ZONE ${zone}) - (${instant} AT TIME ZONE 'UTC')`;

// A record's hour bucket is its local hour together with its offset, so
// the repeated hour of an autumn daylight-saving change is a bucket of its
// own and that day has 25. date_trunc gives the instant of the local hour
// under the record's offset, which a change within the hour makes an
// instant outside the bucket: the hour after Australia/Lord_Howe moves
// from 02:00 to 02:30 would start at 01:30 +10:30. So a bucket starts at
// the first of its 15-minute steps instead, which meet every local hour
// where offsets are multiples of 15 minutes, as all offsets in use today
// are. The steps start an hour early so that the first bucket starts at
// its local hour, before the range, and buckets that end before the range
// are dropped.
const HOUR_BUCKETS = (start: string, end: string, zone: string) => `
  SELECT min(g) AS bucket_start, date_trunc('hour', g, ${zone}) AS bucket_key,
         ${OFFSET_AT('g', zone)} AS bucket_offset
  FROM generate_series(
         date_trunc('hour', ${start}::timestamptz, ${zone}) - interval '1 hour',
         ${end}::timestamptz - interval '1 microsecond',
         interval '15 minutes') AS g
  GROUP BY 2, 3
  HAVING max(g) + interval '15 minutes' > ${start}::timestamptz`;

// Days, weeks and months step on the local wall clock (PostgreSQL 15 has
// no time-zone argument to generate_series), then each local start is
// turned back into an instant, which is also the key of the bucket.
// NOTE: a midnight that occurs twice becomes its later instant, as in
// PostgreSQL's date_trunc, so America/Havana's 2026-11-01 (clocks back
// from 01:00 to 00:00) is labelled 00:00-05:00 while it starts at
// 00:00-04:00. The records of that first hour still count in that day.
const CALENDAR_BUCKETS = (
  start: string,
  end: string,
  zone: string,
  unit: string,
) => `
  SELECT g AT TIME ZONE ${zone} AS bucket_start,
         g AT TIME ZONE ${zone} AS bucket_key,
         interval '0' AS bucket_offset
  FROM generate_series(
         date_trunc(${unit}, ${start}::timestamptz AT TIME ZONE ${zone}),
         (${end}::timestamptz - interval '1 microsecond') AT TIME ZONE ${zone},
         ('1 ' || ${unit})::interval) AS g`;

/**
 * Builds the key columns of the bucket of the instants in `column`, to
 * match bucket_key and bucket_offset of bucketsSql.
 */
export function bucketKeySql(
  column: string,
  unit: string,
  zone: string,
  granularity: Granularity,
): string {
  const offset =
    granularity === 'hour' ? OFFSET_AT(column, zone) : `interval '0'`;

  return `date_trunc(${unit}, ${column}, ${zone}) AS bucket_key,
               ${offset} AS bucket_offset`;
}

/**
 * Builds the CTE `started_buckets` (provider, bucket_start, tokens,
 * requests) from `usage_buckets`, keyed as bucketKeySql keys them. Only
 * hour buckets can start elsewhere than at their key, so only they are
 * looked up in `buckets`. A record whose key names no listed bucket, as in
 * zones with offsets such as +00:53:28, keeps the date_trunc instant as its
 * start.
 */
function startedBucketsSql(granularity: Granularity): string {
  if (granularity !== 'hour') {
    return `started_buckets AS (
        SELECT provider, bucket_key AS bucket_start, tokens, requests
        FROM usage_buckets
      )`;
  }

  return `started_buckets AS (
        SELECT ub.provider,
               coalesce(b.bucket_start, ub.bucket_key) AS bucket_start,
               sum(ub.tokens) AS tokens, sum(ub.requests) AS requests
        FROM usage_buckets ub
        LEFT JOIN buckets b
          ON b.bucket_key = ub.bucket_key AND b.bucket_offset = ub.bucket_offset
        GROUP BY 1, 2
      )`;
}

/**
 * Selects a row per bucket and provider from the CTEs `buckets`
 * (bucket_start, bucket_key, bucket_offset) and `usage_buckets` (provider,
 * bucket_key, bucket_offset, tokens, requests). The buckets of the records
 * join the listed ones, so the series add up to the totals in any zone.
 */
export function providerBucketRowsSql(granularity: Granularity): string {
  return `${startedBucketsSql(granularity)},
      providers AS (SELECT DISTINCT provider FROM started_buckets)
      SELECT b.bucket_start, p.provider,
             coalesce(sb.tokens, 0)::text AS tokens,
             coalesce(sb.requests, 0)::text AS requests
      FROM (SELECT bucket_start FROM buckets
            UNION SELECT bucket_start FROM started_buckets) b
      LEFT JOIN providers p ON TRUE
      LEFT JOIN started_buckets sb
        ON sb.provider = p.provider AND sb.bucket_start = b.bucket_start
      ORDER BY b.bucket_start, p.provider COLLATE "C"`;
}

/** Builds the buckets of a range as rows of bucket_start, bucket_key and bucket_offset. */
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
 * has one row, whose provider is null.
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
               ${bucketKeySql('u.created_at', `${unit}::text`, `${zone}::text`, query.granularity)},
               sum(u.total_tokens) AS tokens,
               count(*) AS requests
        FROM usage u
        WHERE ${conditions}
        GROUP BY 1, 2, 3
      ),
      ${providerBucketRowsSql(query.granularity)}`,
    values: parameters.values,
  };
}
