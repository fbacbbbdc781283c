import { BoundSql } from './raw-usage-totals.sql';

/** The three statements behind the stats of one query. */
export interface StatsStatements {
  /** Rows of TotalsRow, as rollupTotalsSql or totalsSql select them. */
  totals: BoundSql;
  /** One row with a `count` column. */
  userCount: BoundSql;
  /** Rows of ModelRow with their `position`, as rankModelsSql selects them. */
  modelRanking: BoundSql;
}

/** Renumbers the placeholders $1, $2, ... of a statement to start after `offset`. */
function shiftPlaceholders(text: string, offset: number): string {
  return text.replace(/\$(\d+)/g, (_match, index: string) => {
    return `$${Number(index) + offset}`;
  });
}

/**
 * Joins the totals, the user count and the model ranking into one
 * statement of one row, so a stats request needs one round trip instead of
 * three. The totals and ranking rows arrive as JSON arrays in the order
 * their own statements sort them. Their values stay the texts those
 * statements select, so no count or amount passes through a float.
 */
export function combinedStatsSql(statements: StatsStatements): BoundSql {
  const parts = [
    statements.totals,
    statements.userCount,
    statements.modelRanking,
  ];
  const values: unknown[] = [];
  const [totals, userCount, modelRanking] = parts.map((part) => {
    const text = shiftPlaceholders(part.text, values.length);
    values.push(...part.values);

    return text;
  });

  return {
    text: `
      SELECT
        (SELECT json_agg(t ORDER BY t.all_currencies DESC,
                                    t.currency COLLATE "C")
         FROM (${totals}) t) AS totals,
        (SELECT c.count FROM (${userCount}) c) AS user_count,
        (SELECT coalesce(json_agg(r ORDER BY r.position), '[]'::json)
         FROM (${modelRanking}) r) AS model_ranking`,
    values,
  };
}
