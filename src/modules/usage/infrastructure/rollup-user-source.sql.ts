import { UsageFilters } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { UsageScope } from '../domain/usage-scope';
import { BoundParameters, usageConditions } from './usage-filter.sql';
import { rollupConditions } from './rollup-usage-source.sql';
import { DAY_MS, splitRange } from './rollup-usage-tiers.sql';

/** Checks whether the user rollup can serve the filters: it has no model or provider. */
export function userRollupServes(filters: UsageFilters): boolean {
  return filters.provider === undefined && filters.modelId === undefined;
}

/**
 * Builds a subquery of (user_id, currency, requests, total_tokens,
 * priced_requests, cost) over the usage with a user in a scope and range:
 * whole UTC days from the user rollup, the partial days from raw rows.
 * Only for queries without filters (see userRollupServes).
 */
export function userSourceSql(
  parameters: BoundParameters,
  scope: UsageScope,
  range: UsageRange | null,
): string {
  const split = splitRange(range, DAY_MS);
  const parts: string[] = [];
  if (split.whole !== null) {
    const conditions = rollupConditions(
      parameters,
      scope,
      split.whole,
      {},
      'day_start',
    );
    parts.push(`
      SELECT r.user_id, r.currency, r.requests, r.total_tokens,
             r.priced_requests, r.cost
      FROM usage_user_daily_rollup r WHERE ${conditions}`);
  }
  for (const edge of split.edges) {
    const conditions = usageConditions(parameters, scope, edge, {});
    parts.push(`
      SELECT u.user_id, u.currency, 1::bigint AS requests, u.total_tokens,
             (u.cost IS NOT NULL)::int::bigint AS priced_requests,
             coalesce(u.cost, 0) AS cost
      FROM usage u WHERE u.user_id IS NOT NULL AND ${conditions}`);
  }
  if (parts.length === 0) {
    parts.push(`
      SELECT NULL::uuid AS user_id, NULL::text AS currency,
             0::bigint AS requests, 0::bigint AS total_tokens,
             0::bigint AS priced_requests, 0::numeric AS cost
      WHERE FALSE`);
  }

  return `(${parts.join('\n UNION ALL\n')})`;
}

/** Builds a scalar subquery that counts the distinct users with usage in a query. */
export function activeUsersSql(
  parameters: BoundParameters,
  scope: UsageScope,
  range: UsageRange | null,
  filters: UsageFilters,
): string {
  if (!userRollupServes(filters)) {
    const conditions = usageConditions(parameters, scope, range, filters);

    return `(SELECT count(DISTINCT u.user_id) FROM usage u WHERE ${conditions})`;
  }

  const source = userSourceSql(parameters, scope, range);

  return `(SELECT count(*) FROM (
    SELECT s.user_id FROM ${source} s GROUP BY s.user_id) active)`;
}
