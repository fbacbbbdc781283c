import { UsageFilters, UsageQuery } from '../domain/usage-query';
import { organizationIdOf, UsageScope } from '../domain/usage-scope';
import {
  BoundParameters,
  selectionConditions,
  usageConditions,
} from './usage-filter.sql';

/** A statement with its values, bound as $1, $2, ... in order. */
export interface BoundSql {
  text: string;
  values: unknown[];
}

/**
 * The costs of a group as a JSON array of {currency, amount}, sorted by
 * currency, over rows of `currency` and `amount` (a numeric sum, null when
 * nothing in that currency was priced). Amounts are numeric text, so no
 * digit passes through a float.
 */
export const COSTS_JSON = `coalesce(
    json_agg(json_build_object('currency', currency, 'amount', amount::text)
             ORDER BY currency COLLATE "C") FILTER (WHERE amount IS NOT NULL),
    '[]'::json)`;

/**
 * Selects the first and last record times, truncated to milliseconds
 * because a JavaScript Date has no microseconds. The end is one
 * millisecond after the last record, so the range includes it.
 */
export function timeBoundsSql(
  scope: UsageScope,
  filters: UsageFilters,
): BoundSql {
  const parameters = new BoundParameters();
  const conditions = usageConditions(parameters, scope, null, filters);

  return {
    text: `
      SELECT date_trunc('milliseconds', min(u.created_at)) AS start,
             date_trunc('milliseconds', max(u.created_at))
               + interval '1 millisecond' AS "end"
      FROM usage u
      WHERE ${conditions}`,
    values: parameters.values,
  };
}

/**
 * Sums the records over all currencies (the row whose `currency` is null)
 * and per currency in one scan, using grouping sets.
 */
export function totalsSql(query: UsageQuery): BoundSql {
  const parameters = new BoundParameters();
  const conditions = selectionConditions(parameters, query);

  return {
    text: `
      SELECT GROUPING(u.currency) = 1 AS all_currencies,
             u.currency,
             coalesce(sum(u.input_tokens), 0)::text AS input_tokens,
             coalesce(sum(u.output_tokens), 0)::text AS output_tokens,
             coalesce(sum(u.total_tokens), 0)::text AS total_tokens,
             count(*)::text AS requests,
             count(DISTINCT u.user_id)::text AS active_users,
             count(*) FILTER (WHERE u.cost IS NULL)::text AS unpriced_requests,
             sum(u.cost)::text AS amount
      FROM usage u
      WHERE ${conditions}
      GROUP BY GROUPING SETS ((), (u.currency))
      ORDER BY all_currencies DESC, u.currency COLLATE "C"`,
    values: parameters.values,
  };
}

/** Counts the users of the organization, whatever their role or state, or all users. */
export function userCountSql(scope: UsageScope): BoundSql {
  const organizationId = organizationIdOf(scope);
  if (organizationId === null) {
    return { text: `SELECT count(*)::text AS count FROM users`, values: [] };
  }

  return {
    text: `SELECT count(*)::text AS count FROM users WHERE organization_id = $1::uuid`,
    values: [organizationId],
  };
}

/** Sums per provider (as recorded at collection), with costs per currency. */
export function providerTotalsSql(query: UsageQuery): BoundSql {
  const parameters = new BoundParameters();
  const conditions = selectionConditions(parameters, query);

  return {
    text: `
      WITH per_currency AS (
        SELECT u.provider, u.currency, sum(u.total_tokens) AS tokens,
               count(*) AS requests, sum(u.cost) AS amount
        FROM usage u
        WHERE ${conditions}
        GROUP BY u.provider, u.currency
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
