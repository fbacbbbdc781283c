/**
 * SQL of the usage write side. Drafts travel as parallel arrays, so one
 * statement with seven parameters stores a batch of any size.
 */

export const USAGE_COLUMNS = `id, organization_id, user_id, model_id, provider, model_name,
  input_tokens, output_tokens, total_tokens, cost, currency, request_id, created_at`;

/**
 * Checks every reference and inserts the drafts whose references exist;
 * callers that need all or nothing run it in a transaction. Cost is computed in numeric: tokens x price per million x
 * 0.000001 is exact, because numeric multiplication never rounds and the
 * 12-decimal prices give at most the 18 decimals of the cost column. A
 * draft whose (organization_id, request_id) exists is skipped by ON
 * CONFLICT, which waits for a concurrent insert of the same key to commit.
 * Rows go in by (organization_id, request_id) in byte order, so concurrent
 * batches lock their keys in one order and do not deadlock on them. The
 * insert takes rows in the order of its SELECT, as a test checks.
 * Returns one row per draft in order, with the columns the database chose
 * (id, price, catalog names, time) of the inserted row, or nulls. The other
 * columns are stored as the draft gives them, so they are not sent back.
 *
 * NOTE: a cost of 1e20 or more overflows numeric(38, 18) and the statement
 * fails with SQLSTATE 22003; that needs about 1e14 tokens at 1,000,000 per
 * million, so it is left as a database error.
 */
export const INSERT_USAGE_BATCH = `
  WITH draft AS (
    SELECT *
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[],
                $6::text[], $7::timestamptz[])
      WITH ORDINALITY AS d(organization_id, user_id, model_id, input_tokens,
                           output_tokens, request_id, created_at, position)
  ),
  checked AS (
    SELECT d.*,
           o.id IS NOT NULL AS organization_found,
           m.id IS NOT NULL AS model_found,
           (d.user_id IS NULL OR u.id IS NOT NULL) AS user_found,
           m.provider, m.name AS model_name, m.currency,
           (d.input_tokens * m.input_price_per_million
            + d.output_tokens * m.output_price_per_million) * 0.000001 AS cost
    FROM draft d
    LEFT JOIN organizations o ON o.id = d.organization_id
    LEFT JOIN models m ON m.id = d.model_id
    LEFT JOIN users u ON u.id = d.user_id AND u.organization_id = d.organization_id
  ),
  inserted AS (
    INSERT INTO usage (organization_id, user_id, model_id, provider, model_name,
                       input_tokens, output_tokens, total_tokens, cost, currency,
                       request_id, created_at)
    SELECT organization_id, user_id, model_id, provider, model_name,
           input_tokens, output_tokens, input_tokens + output_tokens, cost,
           currency, request_id, COALESCE(created_at, now())
    FROM checked
    WHERE organization_found AND model_found AND user_found
    ORDER BY organization_id, request_id COLLATE "C"
    ON CONFLICT (organization_id, request_id) DO NOTHING
    RETURNING id, organization_id, request_id, provider, model_name, cost,
              currency, created_at
  )
  SELECT c.position, c.organization_found, c.model_found, c.user_found,
         i.id, i.provider, i.model_name, i.cost, i.currency, i.created_at
  FROM checked c
  LEFT JOIN inserted i
    ON i.organization_id = c.organization_id AND i.request_id = c.request_id
  ORDER BY c.position`;

/** Reads stored records by (organization_id, request_id) pairs. */
export const SELECT_USAGE_BY_REQUEST_IDS = `
  SELECT ${USAGE_COLUMNS}
  FROM usage u
  JOIN unnest($1::uuid[], $2::text[]) AS k(organization_id, request_id)
    USING (organization_id, request_id)`;
