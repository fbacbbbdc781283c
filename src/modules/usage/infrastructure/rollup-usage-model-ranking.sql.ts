import { UsageQuery } from '../domain/usage-query';
import { BoundSql, COSTS_JSON } from './raw-usage-totals.sql';
import { measureSourceSql } from './rollup-usage-source.sql';
import { AMOUNT } from './rollup-usage-totals.sql';
import { BoundParameters } from './usage-filter.sql';

/**
 * Ranks models as the raw query does: tokens descending, then current
 * display name (byte order), then id, with the model count and the sums
 * over every model for the "others" row.
 */
export function rollupModelRankingSql(
  query: UsageQuery,
  limit: number,
): BoundSql {
  const parameters = new BoundParameters();
  const source = measureSourceSql(parameters, query);

  return {
    text: `
      WITH per_currency AS (
        SELECT model_id, currency, sum(total_tokens) AS tokens,
               sum(requests) AS requests, ${AMOUNT} AS amount
        FROM ${source} s
        GROUP BY model_id, currency
      ),
      per_model AS (
        SELECT model_id, sum(tokens) AS tokens, sum(requests) AS requests,
               ${COSTS_JSON} AS costs
        FROM per_currency
        GROUP BY model_id
      ),
      ranked AS (
        SELECT p.model_id, m.name, m.display_name, m.provider,
               p.tokens, p.requests, p.costs,
               row_number() OVER (
                 ORDER BY p.tokens DESC, m.display_name COLLATE "C", p.model_id
               ) AS position,
               count(*) OVER () AS model_count,
               sum(p.tokens) OVER () AS all_tokens,
               sum(p.requests) OVER () AS all_requests
        FROM per_model p
        JOIN models m ON m.id = p.model_id
      )
      SELECT model_id, name, display_name, provider,
             tokens::text, requests::text, costs,
             model_count::text, all_tokens::text, all_requests::text
      FROM ranked
      WHERE position <= ${parameters.bind(limit)}
      ORDER BY position`,
    values: parameters.values,
  };
}
