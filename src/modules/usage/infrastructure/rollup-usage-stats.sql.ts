import { UsageQuery } from '../domain/usage-query';
import { BoundSql, userCountSql } from './raw-usage-totals.sql';
import { measureSourceSql } from './rollup-usage-source.sql';
import { totalsOfSql } from './rollup-usage-totals.sql';
import { activeUsersSql } from './rollup-user-source.sql';
import { BoundParameters } from './usage-filter.sql';
import { rankModelsSql } from './usage-model-ranking.sql';
import { combinedStatsSql } from './usage-stats.sql';

const MODEL_SUMS = 'model_currency_sums';

/**
 * Builds the stats statement of the rollups. The totals and the model
 * ranking both read one set of sums per model and currency, so the rollup
 * rows and raw edges of the range are read and summed once.
 */
export function rollupStatsSql(
  query: UsageQuery,
  modelLimit: number,
): BoundSql {
  const sumsParameters = new BoundParameters();
  const source = measureSourceSql(sumsParameters, query);
  const totalsParameters = new BoundParameters();
  const activeUsers = activeUsersSql(
    totalsParameters,
    query.scope,
    query.range,
    query.filters,
  );
  const rankingParameters = new BoundParameters();
  // The sums are one row per model and currency already, so the ranking
  // reads them as they are.
  const ranking = rankModelsSql(
    `SELECT model_id, currency, total_tokens AS tokens, requests,
            CASE WHEN priced_requests > 0 THEN cost END AS amount
     FROM ${MODEL_SUMS}`,
    rankingParameters.bind(modelLimit),
  );

  return combinedStatsSql(
    {
      totals: {
        text: totalsOfSql(MODEL_SUMS, activeUsers),
        values: totalsParameters.values,
      },
      userCount: userCountSql(query.scope),
      modelRanking: { text: ranking, values: rankingParameters.values },
    },
    {
      name: MODEL_SUMS,
      sql: {
        text: `
          SELECT s.model_id, s.currency,
                 sum(s.input_tokens) AS input_tokens,
                 sum(s.output_tokens) AS output_tokens,
                 sum(s.total_tokens) AS total_tokens,
                 sum(s.requests) AS requests,
                 sum(s.priced_requests) AS priced_requests,
                 sum(s.cost) AS cost
          FROM ${source} s
          GROUP BY s.model_id, s.currency`,
        values: sumsParameters.values,
      },
    },
  );
}
