import { UserUsageQuery } from '../application/ports/user-usage.repository';
import { organizationIdOf } from '../domain/usage-scope';
import { SortOrder, UserUsageSortField } from '../domain/user-usage';
import { BoundParameters, usageConditions } from './usage-filter.sql';

/** A statement with its values, bound as $1, $2, ... in order. */
export interface BoundSql {
  text: string;
  values: unknown[];
}

// Sort keys name output columns of the page query. Only these strings ever
// reach ORDER BY, whatever the request contains.
const SORT_KEYS: Record<UserUsageSortField, string> = {
  tokens: 'tokens',
  requests: 'requests',
  cost: 'sort_cost',
  lastActivity: 'last_activity',
  userName: 'name COLLATE "C"',
};
const DIRECTIONS: Record<SortOrder, string> = { asc: 'ASC', desc: 'DESC' };

function orderByOf(query: UserUsageQuery): string {
  const key = SORT_KEYS[query.sort.by];
  const direction = DIRECTIONS[query.sort.order];

  // Only last_activity can be null. The id tie-breaker (uuid order,
  // ascending in both directions) makes the order total, so pages never
  // repeat or skip a user.
  return `${key} ${direction} NULLS LAST, id ASC`;
}

/** Builds the conditions on `users` for the scope and search. */
function memberConditions(
  query: UserUsageQuery,
  params: BoundParameters,
): string {
  const conditions = ['TRUE'];
  const organizationId = organizationIdOf(query.scope);
  if (organizationId !== null) {
    conditions.push(
      `users.organization_id = ${params.bind(organizationId)}::uuid`,
    );
  }
  if (query.search !== undefined) {
    // strpos matches the text literally, so % _ and \ need no escaping.
    // Emails are stored lower-case.
    const search = params.bind(query.search);
    conditions.push(
      `(strpos(lower(users.name), lower(${search})) > 0 OR strpos(users.email, lower(${search})) > 0)`,
    );
  }

  return conditions.join(' AND ');
}

/** Builds the conditions on `usage u` for the scope, range and filters, users only. */
function userUsageConditions(
  query: UserUsageQuery,
  params: BoundParameters,
): string {
  const { scope, range, filters } = query;

  return `u.user_id IS NOT NULL AND ${usageConditions(params, scope, range, filters)}`;
}

function sortCostOf(query: UserUsageQuery, params: BoundParameters): string {
  if (query.sort.by !== 'cost') return 'NULL::numeric';

  return `sum(u.cost) FILTER (WHERE u.currency = ${params.bind(query.sort.currency)})`;
}

/**
 * Builds the body of the `totals` CTE of a page: user_id, tokens, requests
 * and sort_cost (the cost in the sort currency, or null) per user.
 */
export type UserTotalsBuilder = (
  query: UserUsageQuery,
  params: BoundParameters,
) => string;

const rawUserTotals: UserTotalsBuilder = (query, params) => `
      SELECT u.user_id, sum(u.total_tokens) AS tokens, count(*) AS requests,
             ${sortCostOf(query, params)} AS sort_cost
      FROM usage u
      WHERE ${userUsageConditions(query, params)}
      GROUP BY u.user_id`;

/**
 * Builder of the joins that give `activity.last_activity`: the latest
 * request in organization `organizationId` of user `userId` (SQL expressions).
 */
export type LastActivityBuilder = (
  userId: string,
  organizationId: string,
) => string;

// Walks usage_organization_created_idx backwards. Its included user_id
// lets the walk skip the other users' rows without reading the table.
// NOTE: the walk is long for a user whose latest request is far back in a
// large organization. Only the raw reference, in the benchmark and the
// tests, uses it.
export const rawLastActivity: LastActivityBuilder = (
  userId,
  organizationId,
) => `
  LEFT JOIN LATERAL (
    SELECT created_at AS last_activity FROM usage
    WHERE organization_id = ${organizationId} AND user_id = ${userId}
    ORDER BY created_at DESC LIMIT 1
  ) activity ON TRUE`;

/**
 * Builds the query of one page of users with their tokens and requests in
 * the range. Users without usage get 0. The latest request is looked up for
 * every member only when it is the sort key, else for the page rows only;
 * organization names are looked up for the page rows only.
 */
export function pageSql(
  query: UserUsageQuery,
  userTotals: UserTotalsBuilder = rawUserTotals,
  lastActivity: LastActivityBuilder = rawLastActivity,
): BoundSql {
  const params = new BoundParameters();
  const lastActivityFirst = query.sort.by === 'lastActivity';
  const orderBy = orderByOf(query);

  const text = `
    WITH members AS (
      SELECT users.id, users.name, users.email, users.organization_id,
             users.deactivated_at IS NOT NULL AS deactivated
      FROM users
      WHERE ${memberConditions(query, params)}
    ),
    totals AS (${userTotals(query, params)}),
    page AS (
      SELECT m.*, COALESCE(t.tokens, 0) AS tokens,
             COALESCE(t.requests, 0) AS requests,
             COALESCE(t.sort_cost, 0) AS sort_cost
             ${lastActivityFirst ? ', activity.last_activity' : ''}
      FROM members m LEFT JOIN totals t ON t.user_id = m.id
      ${lastActivityFirst ? lastActivity('m.id', 'm.organization_id') : ''}
      ORDER BY ${orderBy}
      LIMIT ${params.bind(query.limit)} OFFSET ${params.bind(query.offset)}
    )
    SELECT p.id, p.name, p.email, p.organization_id, o.organization_name,
           p.deactivated, p.tokens, p.requests,
           ${lastActivityFirst ? 'p' : 'activity'}.last_activity
    FROM page p
    CROSS JOIN LATERAL (
      SELECT name AS organization_name FROM organizations
      WHERE organizations.id = p.organization_id
    ) o
    ${lastActivityFirst ? '' : lastActivity('p.id', 'p.organization_id')}
    ORDER BY ${orderBy}`;

  return { text, values: params.values };
}

/** Builds the count of the users matching the scope and search. */
export function countSql(query: UserUsageQuery): BoundSql {
  const params = new BoundParameters();
  const text = `SELECT count(*) AS total FROM users
    WHERE ${memberConditions(query, params)}`;

  return { text, values: params.values };
}

/** Builds the query of the summed cost per user and currency, for the given users. */
export function costsSql(query: UserUsageQuery, userIds: string[]): BoundSql {
  const params = new BoundParameters();
  const text = `
    SELECT u.user_id, u.currency, sum(u.cost)::text AS amount
    FROM usage u
    WHERE u.user_id = ANY(${params.bind(userIds)}::uuid[])
      AND u.cost IS NOT NULL
      AND ${userUsageConditions(query, params)}
    GROUP BY u.user_id, u.currency
    ORDER BY u.currency COLLATE "C"`;

  return { text, values: params.values };
}
