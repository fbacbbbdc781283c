import { COSTS_JSON } from './raw-usage-totals.sql';

/**
 * Builds the order of the model ranking: tokens descending, then current
 * display name (byte order), then id. `perModel` names the rows with
 * model_id and tokens, `model` the rows with display_name.
 */
const modelOrder = (perModel: string, model: string) =>
  `${perModel}.tokens DESC, ${model}.display_name COLLATE "C", ${perModel}.model_id`;

/**
 * Builds the ranking of models from a `per_currency (model_id, currency,
 * tokens, requests, amount)` CTE: tokens descending, then current display
 * name (byte order), then id, keeping the first `limitPlaceholder` rows.
 * Window functions add the model count and the sums over every model, for
 * the "others" row. Names and provider come from the catalog as it is now.
 * `position` (from 1) lets a statement that nests this one keep the order.
 */
export function rankModelsSql(
  perCurrencySql: string,
  limitPlaceholder: string,
): string {
  return `
      WITH per_currency AS (${perCurrencySql}),
      per_model AS (
        SELECT model_id, sum(tokens) AS tokens, sum(requests) AS requests,
               ${COSTS_JSON} AS costs
        FROM per_currency
        GROUP BY model_id
      ),
      ranked AS (
        SELECT p.model_id, m.name, m.display_name, m.provider,
               p.tokens, p.requests, p.costs,
               row_number() OVER (ORDER BY ${modelOrder('p', 'm')}) AS position,
               count(*) OVER () AS model_count,
               sum(p.tokens) OVER () AS all_tokens,
               sum(p.requests) OVER () AS all_requests
        FROM per_model p
        JOIN models m ON m.id = p.model_id
      )
      SELECT model_id, name, display_name, provider,
             tokens::text, requests::text, costs,
             model_count::text, all_tokens::text, all_requests::text,
             position
      FROM ranked
      WHERE position <= ${limitPlaceholder}
      ORDER BY position`;
}

/**
 * Selects the display names of the first `limitPlaceholder` models of
 * `perModelSql (model_id, tokens)` as one text array, in the order of
 * rankModelsSql. The stats need no more of the ranking, so this skips
 * its costs and window sums.
 */
export function topModelNamesSql(
  perModelSql: string,
  limitPlaceholder: string,
): string {
  return `
      SELECT coalesce(
               array_agg(t.display_name ORDER BY ${modelOrder('t', 't')}),
               '{}'::text[])
      FROM (
        SELECT p.model_id, p.tokens, m.display_name
        FROM (${perModelSql}) p
        JOIN models m ON m.id = p.model_id
        ORDER BY ${modelOrder('p', 'm')}
        LIMIT ${limitPlaceholder}
      ) t`;
}
