import { UsageExportQuery } from '../application/ports/usage-export.reader';
import { BoundParameters, selectionConditions } from './usage-filter.sql';

/** A row of the export query; bigint and numeric columns arrive as strings. */
export interface UsageExportRow {
  id: string;
  created_at: Date;
  organization_id: string;
  user_id: string | null;
  user_email: string | null;
  model_id: string;
  model_name: string;
  provider: string;
  input_tokens: string;
  output_tokens: string;
  total_tokens: string;
  cost: string | null;
  currency: string;
  request_id: string;
}

/**
 * Selects the records of an export in a stable order: created_at, then id,
 * so records of the same instant keep one order between two exports.
 */
export function usageExportSql(query: UsageExportQuery): {
  text: string;
  values: unknown[];
} {
  const parameters = new BoundParameters();
  const conditions = selectionConditions(parameters, query);

  return {
    text: `
      SELECT u.id, u.created_at, u.organization_id, u.user_id,
             us.email AS user_email, u.model_id, u.model_name, u.provider,
             u.input_tokens, u.output_tokens, u.total_tokens, u.cost,
             u.currency, u.request_id
      FROM usage u
      LEFT JOIN users us ON us.id = u.user_id
      WHERE ${conditions}
      ORDER BY u.created_at, u.id`,
    values: parameters.values,
  };
}
