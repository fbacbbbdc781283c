import { UsageQuery } from '../domain/usage-query';
import { BoundSql, totalsSql, userCountSql } from './raw-usage-totals.sql';
import { BoundParameters, selectionConditions } from './usage-filter.sql';
import { topModelNamesSql } from './usage-model-ranking.sql';

/** The three statements behind the stats of one query. */
export interface StatsStatements {
  /** Rows of TotalsRow, as rollupTotalsSql or totalsSql select them. */
  totals: BoundSql;
  /** One row with a `count` column. */
  userCount: BoundSql;
  /** One row with the names of the first models, as topModelNamesSql selects them. */
  topModels: BoundSql;
}

/** A CTE that the parts of a stats statement may read, by its name. */
export interface SharedRows {
  name: string;
  sql: BoundSql;
}

/** Renumbers the placeholders $1, $2, ... of a statement to start after `offset`. */
function shiftPlaceholders(text: string, offset: number): string {
  return text.replace(/\$(\d+)/g, (_match, index: string) => {
    return `$${Number(index) + offset}`;
  });
}

/**
 * Joins the totals, the user count and the top model names into one
 * statement of one row, so a stats request needs one round trip instead of
 * three. The totals rows arrive as a JSON array in the order their own
 * statement sorts them. Their values stay the texts that statement
 * selects, so no count or amount passes through a float. `shared`, when
 * given, becomes a CTE that the parts may read, so rows that both the
 * totals and the top models need are read once.
 */
export function combinedStatsSql(
  statements: StatsStatements,
  shared?: SharedRows,
): BoundSql {
  const values: unknown[] = [];
  const shift = (part: BoundSql) => {
    const text = shiftPlaceholders(part.text, values.length);
    values.push(...part.values);

    return text;
  };
  const prefix =
    shared === undefined ? '' : `WITH ${shared.name} AS (${shift(shared.sql)})`;
  const [totals, userCount, topModels] = [
    statements.totals,
    statements.userCount,
    statements.topModels,
  ].map(shift);

  return {
    text: `
      ${prefix}
      SELECT
        (SELECT json_agg(t ORDER BY t.all_currencies DESC,
                                    t.currency COLLATE "C")
         FROM (${totals}) t) AS totals,
        (SELECT c.count FROM (${userCount}) c) AS user_count,
        (${topModels}) AS top_models`,
    values,
  };
}

/** Builds the stats statement of the raw rows from the statements of its parts. */
export function rawStatsSql(query: UsageQuery, modelLimit: number): BoundSql {
  const parameters = new BoundParameters();
  const conditions = selectionConditions(parameters, query);
  const perModel = `
    SELECT u.model_id, sum(u.total_tokens) AS tokens
    FROM usage u
    WHERE ${conditions}
    GROUP BY u.model_id`;

  return combinedStatsSql({
    totals: totalsSql(query),
    userCount: userCountSql(query.scope),
    topModels: {
      text: topModelNamesSql(perModel, parameters.bind(modelLimit)),
      values: parameters.values,
    },
  });
}
