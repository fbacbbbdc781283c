import { UsageQuery } from '../domain/usage-query';
import { BoundSql } from './raw-usage-totals.sql';
import { rankModelsSql } from './usage-model-ranking.sql';
import { measureSourceSql } from './rollup-usage-source.sql';
import { AMOUNT } from './rollup-usage-totals.sql';
import { BoundParameters } from './usage-filter.sql';

/** Ranks the models of the rollups and raw edges, as rankModelsSql orders them. */
export function rollupModelRankingSql(
  query: UsageQuery,
  limit: number,
): BoundSql {
  const parameters = new BoundParameters();
  const source = measureSourceSql(parameters, query);

  return {
    text: rankModelsSql(
      `
        SELECT model_id, currency, sum(total_tokens) AS tokens,
               sum(requests) AS requests, ${AMOUNT} AS amount
        FROM ${source} s
        GROUP BY model_id, currency
      `,
      parameters.bind(limit),
    ),
    values: parameters.values,
  };
}
