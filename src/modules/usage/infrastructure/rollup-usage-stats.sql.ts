import { UsageQuery } from '../domain/usage-query';
import { BoundSql, userCountSql } from './raw-usage-totals.sql';
import { measureSourceSql } from './rollup-usage-source.sql';
import { totalsOfSql } from './rollup-usage-totals.sql';
import { activeUsersSql } from './rollup-user-source.sql';
import { BoundParameters } from './usage-filter.sql';
import { topModelNamesSql } from './usage-model-ranking.sql';
import { combinedStatsSql } from './usage-stats.sql';

const MODEL_SUMS = 'model_currency_sums';

/**
 * Builds the stats statement of the rollups. The totals and the top
 * models both read one set of sums per model and currency, so the rollup
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
  const topModelsParameters = new BoundParameters();
  const topModels = topModelNamesSql(
    `SELECT model_id, sum(total_tokens) AS tokens
     FROM ${MODEL_SUMS}
     GROUP BY model_id`,
    topModelsParameters.bind(modelLimit),
  );

  return combinedStatsSql(
    {
      totals: {
        text: totalsOfSql(MODEL_SUMS, activeUsers),
        values: totalsParameters.values,
      },
      userCount: userCountSql(query.scope),
      topModels: { text: topModels, values: topModelsParameters.values },
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
