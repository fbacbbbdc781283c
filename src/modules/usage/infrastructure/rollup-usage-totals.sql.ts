import { UsageFilters, UsageQuery } from '../domain/usage-query';
import { UsageScope } from '../domain/usage-scope';
import { BoundSql, COSTS_JSON } from './raw-usage-totals.sql';
import { activeUsersSql } from './rollup-user-source.sql';
import {
  measureSourceSql,
  PENDING_USAGE,
  rollupConditions,
} from './rollup-usage-source.sql';
import { QUARTER_HOUR_MS } from './rollup-usage-tiers.sql';
import { BoundParameters, usageConditions } from './usage-filter.sql';

/** The amount of a group: the sum of its priced costs, null when none is priced. */
export const AMOUNT = `CASE WHEN sum(priced_requests) > 0 THEN sum(cost) END`;

/**
 * Selects the first and last record times as the raw query does: the
 * rollup and the pending rows find the first and last bucket, then raw
 * rows within those two buckets give the exact times, truncated to
 * milliseconds.
 */
export function rollupTimeBoundsSql(
  scope: UsageScope,
  filters: UsageFilters,
): BoundSql {
  const parameters = new BoundParameters();
  const table =
    scope.kind === 'global'
      ? 'usage_global_rollup'
      : 'usage_organization_rollup';
  const conditions = rollupConditions(
    parameters,
    scope,
    'all',
    filters,
    'bucket_start',
  );
  const raw = usageConditions(parameters, scope, null, filters);
  const quarterOf = `date_bin('${QUARTER_HOUR_MS / 60000} minutes', u.created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;
  const within = (bucket: string) =>
    `u.created_at >= ${bucket} AND u.created_at < ${bucket} + interval '${QUARTER_HOUR_MS / 60000} minutes'`;

  return {
    text: `
      WITH buckets AS (
        SELECT least((SELECT min(r.bucket_start) FROM ${table} r WHERE ${conditions}),
                     (SELECT min(${quarterOf}) FROM ${PENDING_USAGE} u WHERE ${raw})) AS first,
               greatest((SELECT max(r.bucket_start) FROM ${table} r WHERE ${conditions}),
                        (SELECT max(${quarterOf}) FROM ${PENDING_USAGE} u WHERE ${raw})) AS last
      )
      SELECT date_trunc('milliseconds', (
               SELECT min(u.created_at) FROM usage u
               WHERE ${raw} AND ${within('b.first')})) AS start,
             date_trunc('milliseconds', (
               SELECT max(u.created_at) FROM usage u
               WHERE ${raw} AND ${within('b.last')}))
               + interval '1 millisecond' AS "end"
      FROM buckets b`,
    values: parameters.values,
  };
}

/**
 * Selects the sums of measure rows `source` (alias s) over all currencies
 * (the row whose `currency` is null) and per currency. The rows may be
 * sums themselves, because every column adds up and AMOUNT checks a sum.
 */
export function totalsOfSql(source: string, activeUsers: string): string {
  return `
      SELECT GROUPING(s.currency) = 1 AS all_currencies,
             s.currency,
             coalesce(sum(s.input_tokens), 0)::text AS input_tokens,
             coalesce(sum(s.output_tokens), 0)::text AS output_tokens,
             coalesce(sum(s.total_tokens), 0)::text AS total_tokens,
             coalesce(sum(s.requests), 0)::text AS requests,
             ${activeUsers}::text AS active_users,
             coalesce(sum(s.requests - s.priced_requests), 0)::text
               AS unpriced_requests,
             (${AMOUNT})::text AS amount
      FROM ${source} s
      GROUP BY GROUPING SETS ((), (s.currency))
      ORDER BY all_currencies DESC, s.currency COLLATE "C"`;
}

/** Sums over all currencies (the row whose `currency` is null) and per currency. */
export function rollupTotalsSql(query: UsageQuery): BoundSql {
  const parameters = new BoundParameters();
  const source = measureSourceSql(parameters, query);
  const activeUsers = activeUsersSql(
    parameters,
    query.scope,
    query.range,
    query.filters,
  );

  return { text: totalsOfSql(source, activeUsers), values: parameters.values };
}

/** Sums per provider (as recorded at collection), with costs per currency. */
export function rollupProviderTotalsSql(query: UsageQuery): BoundSql {
  const parameters = new BoundParameters();
  const source = measureSourceSql(parameters, query);

  return {
    text: `
      WITH per_currency AS (
        SELECT provider, currency, sum(total_tokens) AS tokens,
               sum(requests) AS requests, ${AMOUNT} AS amount
        FROM ${source} s
        GROUP BY provider, currency
      )
      SELECT provider,
             sum(tokens)::text AS tokens,
             sum(requests)::text AS requests,
             ${COSTS_JSON} AS costs
      FROM per_currency
      GROUP BY provider
      ORDER BY sum(tokens) DESC, provider COLLATE "C"`,
    values: parameters.values,
  };
}
