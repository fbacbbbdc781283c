import { UserUsageQuery } from '../application/ports/user-usage.repository';
import {
  BoundSql,
  LastActivityBuilder,
  pageSql,
  UserTotalsBuilder,
} from './raw-user-usage.sql';
import { PENDING_USAGE } from './rollup-usage-source.sql';
import { userSourceSql } from './rollup-user-source.sql';
import { BoundParameters } from './usage-filter.sql';

// Tokens, requests and the cost in the sort currency per user, from whole
// UTC days of the user rollup and raw rows for the partial days.
const rollupUserTotals: UserTotalsBuilder = (query, params) => {
  const sortCost =
    query.sort.by === 'cost'
      ? `sum(s.cost) FILTER (WHERE s.currency = ${params.bind(query.sort.currency)})`
      : 'NULL::numeric';
  const source = userSourceSql(params, query.scope, query.range);

  return `
      SELECT s.user_id, sum(s.total_tokens) AS tokens,
             sum(s.requests) AS requests, ${sortCost} AS sort_cost
      FROM ${source} s
      GROUP BY s.user_id`;
};

/**
 * Builder of the latest request as the later of the time the folds keep in
 * usage_user_last_activity and the user's pending rows, summed once per query.
 */
export const rollupLastActivity: LastActivityBuilder = (
  userId,
  organizationId,
) => `
  LEFT JOIN usage_user_last_activity folded_activity
    ON folded_activity.organization_id = ${organizationId}
   AND folded_activity.user_id = ${userId}
  LEFT JOIN (
    SELECT organization_id, user_id, max(created_at) AS last_at
    FROM ${PENDING_USAGE} WHERE user_id IS NOT NULL
    GROUP BY organization_id, user_id
  ) pending_activity
    ON pending_activity.organization_id = ${organizationId}
   AND pending_activity.user_id = ${userId}
  CROSS JOIN LATERAL (
    SELECT GREATEST(folded_activity.last_at, pending_activity.last_at)
      AS last_activity
  ) activity`;

/** Builds the page query over the user rollup; only for queries without filters. */
export function rollupPageSql(query: UserUsageQuery): BoundSql {
  return pageSql(query, rollupUserTotals, rollupLastActivity);
}

/** Builds the summed cost per user and currency of the given users, over the user rollup. */
export function rollupCostsSql(
  query: UserUsageQuery,
  userIds: string[],
): BoundSql {
  const params = new BoundParameters();
  const users = params.bind(userIds);
  // The organizations of the users, found once, let a global listing read
  // the costs of its page through the rollup primary keys.
  const global = query.scope.kind === 'global';
  const organizations = global
    ? '(SELECT ids FROM page_organizations)::uuid[]'
    : undefined;
  const source = userSourceSql(params, query.scope, query.range, organizations);
  const pageOrganizations = global
    ? `WITH page_organizations AS MATERIALIZED (
         SELECT array_agg(DISTINCT organization_id) AS ids
         FROM users WHERE id = ANY(${users}::uuid[]))`
    : '';
  const text = `
    ${pageOrganizations}
    SELECT s.user_id, s.currency, sum(s.cost)::text AS amount
    FROM ${source} s
    WHERE s.user_id = ANY(${users}::uuid[])
    GROUP BY s.user_id, s.currency
    HAVING sum(s.priced_requests) > 0
    ORDER BY s.currency COLLATE "C"`;

  return { text, values: params.values };
}
