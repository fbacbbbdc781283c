import { UsageQuery } from '../domain/usage-query';
import { BoundParameters, selectionConditions } from './usage-filter.sql';
import { BoundSql } from './raw-usage-totals.sql';
import { rankModelsSql } from './usage-model-ranking.sql';

/** Ranks the models of the raw rows in range, as rankModelsSql orders them. */
export function modelRankingSql(query: UsageQuery, limit: number): BoundSql {
  const parameters = new BoundParameters();
  const conditions = selectionConditions(parameters, query);

  return {
    text: rankModelsSql(
      `
        SELECT u.model_id, u.currency, sum(u.total_tokens) AS tokens,
               count(*) AS requests, sum(u.cost) AS amount
        FROM usage u
        WHERE ${conditions}
        GROUP BY u.model_id, u.currency
      `,
      parameters.bind(limit),
    ),
    values: parameters.values,
  };
}
