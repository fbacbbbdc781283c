/** Origin of every rollup bucket: a UTC midnight, so buckets start on :00, :15, :30 and :45. */
const ORIGIN = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;

export interface Rollup {
  table: string;
  /** Key columns and the expression over `usage` rows that gives each. */
  key: [column: string, expression: string][];
  /** Rows of `usage` that the rollup counts. */
  where: string;
  /**
   * Whether the organization and global rows of a bucket may be split over
   * shards (the `shard` column, last in the primary key) once the shard
   * migration ran. Concurrent inserts then add to rows of their own shard.
   */
  sharded: boolean;
}

/** A rollup of `usage` keyed by bucket start in buckets of `width`. */
function bucketRollup(
  table: string,
  width: string,
  perOrganization: boolean,
): Rollup {
  const key: Rollup['key'] = [
    ['bucket_start', `date_bin('${width}', created_at, ${ORIGIN})`],
    ['model_id', 'model_id'],
    ['provider', 'provider'],
    ['currency', 'currency'],
  ];
  if (perOrganization) key.unshift(['organization_id', 'organization_id']);

  return { table, key, where: 'TRUE', sharded: true };
}

// Every zone offset in use is a multiple of 15 minutes, so the hours, days,
// weeks and months of any zone are unions of whole 15-minute buckets. The
// hourly and daily (UTC) tiers serve ranges and charts whose boundaries
// fall on whole hours or UTC midnights, with far fewer rows to read.
export const BUCKET_ROLLUPS = [
  bucketRollup('usage_organization_rollup', '15 minutes', true),
  bucketRollup('usage_organization_hourly_rollup', '1 hour', true),
  bucketRollup('usage_organization_daily_rollup', '1 day', true),
  bucketRollup('usage_global_rollup', '15 minutes', false),
  bucketRollup('usage_global_hourly_rollup', '1 hour', false),
  bucketRollup('usage_global_daily_rollup', '1 day', false),
];

// Per user and UTC day, for distinct users and the user listings; usage
// without a user is not counted. Each user's rows are written by the
// batches of that user only, so they need no shards.
const USER_ROLLUP: Rollup = {
  table: 'usage_user_daily_rollup',
  key: [
    ['organization_id', 'organization_id'],
    ['day_start', `date_bin('1 day', created_at, ${ORIGIN})`],
    ['user_id', 'user_id'],
    ['currency', 'currency'],
  ],
  where: 'user_id IS NOT NULL',
  sharded: false,
};

export const ROLLUPS = [...BUCKET_ROLLUPS, USER_ROLLUP];

// Sums of each rollup row. cost sums the non-null costs only, so an amount
// is shown for a currency only when priced_requests > 0.
const MEASURES: [column: string, expression: string][] = [
  ['requests', 'count(*)'],
  ['input_tokens', 'sum(input_tokens)'],
  ['output_tokens', 'sum(output_tokens)'],
  ['total_tokens', 'sum(total_tokens)'],
  ['priced_requests', 'count(cost)'],
  ['cost', 'coalesce(sum(cost), 0)'],
];

/**
 * The shard that the functions write to: null for the tables before the
 * shard migration, else an SQL expression of type smallint.
 */
export type ShardExpression = string | null;

/**
 * The setting that names the shard of an insert, set by the collection
 * insert for its own transaction. Other writers leave it unset and use
 * shard 0.
 */
export const SHARD_SETTING = 'usage.rollup_shard';

/** Declares `rollup_shard`, the shard of this transaction's inserts. */
export const DECLARE_SHARD = `DECLARE
    rollup_shard smallint := coalesce(
      nullif(current_setting('${SHARD_SETTING}', true), ''), '0')::smallint;`;

export function createTableSql(rollup: Rollup): string {
  const keyTypes: Record<string, string> = {
    organization_id: 'uuid',
    bucket_start: 'timestamptz',
    day_start: 'timestamptz',
    model_id: 'uuid',
    user_id: 'uuid',
    provider: 'text',
    currency: 'text',
  };
  const keyColumns = rollup.key.map(([column]) => column);
  const columns = [
    ...keyColumns.map((column) => `${column} ${keyTypes[column]} NOT NULL`),
    ...MEASURES.map(
      ([column]) =>
        `${column} ${column === 'cost' ? 'numeric' : 'bigint'} NOT NULL`,
    ),
  ];

  return `CREATE TABLE ${rollup.table} (
    ${columns.join(',\n    ')},
    PRIMARY KEY (${keyColumns.join(', ')})
  )`;
}

/** The primary key columns of a rollup, with `shard` when it has shards. */
export function primaryKeyColumns(rollup: Rollup, shard: ShardExpression) {
  const keyColumns = rollup.key.map(([column]) => column);

  return shard !== null && rollup.sharded
    ? [...keyColumns, 'shard']
    : keyColumns;
}

/**
 * Adds (sign 1) or subtracts (sign -1) the rows of `source` to a rollup.
 * Keys go in key order, so concurrent statements lock rollup rows in one
 * order and cannot deadlock on them.
 */
function applySql(
  rollup: Rollup,
  source: string,
  sign: 1 | -1,
  shard: ShardExpression,
): string {
  const sharded = shard !== null && rollup.sharded;
  const keyColumns = primaryKeyColumns(rollup, shard);
  const select = [
    ...rollup.key.map(([, expression]) => expression),
    ...(sharded ? [shard] : []),
    ...MEASURES.map(([, expression]) =>
      sign === 1 ? expression : `-${expression}`,
    ),
  ];
  const positions = rollup.key.map((_, index) => index + 1).join(', ');
  const updates = MEASURES.map(
    ([column]) => `${column} = r.${column} + EXCLUDED.${column}`,
  );

  return `
    INSERT INTO ${rollup.table} AS r (${[...keyColumns, ...MEASURES.map(([column]) => column)].join(', ')})
    SELECT ${select.join(', ')}
    FROM ${source}
    WHERE ${rollup.where}
    GROUP BY ${positions}
    ORDER BY ${positions}
    ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/**
 * Subtracts the rows of `source` from shard 0 of a sharded rollup after
 * moving the other shards of the same keys into it. Each key then has one
 * row that is its exact sum, and an emptied key ends with requests = 0,
 * which removeEmptySql deletes. A shard row that a concurrent insert adds
 * meanwhile keeps its own sums.
 */
function subtractShardedSql(rollup: Rollup, source: string): string {
  const keyColumns = rollup.key.map(([column]) => column);
  const keyList = keyColumns.join(', ');
  const measureColumns = MEASURES.map(([column]) => column);
  const positions = keyColumns.map((_, index) => index + 1).join(', ');
  const updates = measureColumns.map(
    (column) => `${column} = r.${column} + EXCLUDED.${column}`,
  );
  const removed = `SELECT ${[
    ...rollup.key.map(([, expression]) => expression),
    ...MEASURES.map(([, expression]) => `-${expression}`),
  ].join(', ')}
      FROM ${source}
      WHERE ${rollup.where}
      GROUP BY ${positions}`;

  return `
    WITH removed (${[...keyColumns, ...measureColumns].join(', ')}) AS MATERIALIZED (
      ${removed}
    ),
    moved AS (
      DELETE FROM ${rollup.table}
      WHERE shard <> 0 AND (${keyList}) IN (SELECT ${keyList} FROM removed)
      RETURNING ${[...keyColumns, ...measureColumns].join(', ')}
    )
    INSERT INTO ${rollup.table} AS r (${[...keyColumns, 'shard', ...measureColumns].join(', ')})
    SELECT ${keyList}, 0, ${measureColumns.map((column) => `sum(${column})`).join(', ')}
    FROM (SELECT * FROM removed UNION ALL SELECT * FROM moved) changes
    GROUP BY ${positions}
    ORDER BY ${positions}
    ON CONFLICT (${[...keyColumns, 'shard'].join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/** Removes the rollup rows that a subtraction from `source` left without requests. */
function removeEmptySql(rollup: Rollup, source: string): string {
  const keyColumns = rollup.key.map(([column]) => column);
  const expressions = rollup.key.map(([, expression]) => expression);

  return `
    DELETE FROM ${rollup.table}
    WHERE requests = 0
      AND (${keyColumns.join(', ')}) IN (
        SELECT ${expressions.join(', ')} FROM ${source} WHERE ${rollup.where})`;
}

/** Statements that add the rows of `source` to every rollup. */
export const addBody = (source: string, shard: ShardExpression = null) =>
  ROLLUPS.map((rollup) => `${applySql(rollup, source, 1, shard)};`).join('\n');

/** Statements that subtract the rows of `source` from every rollup. */
export const subtractBody = (source: string, shard: ShardExpression = null) =>
  ROLLUPS.map((rollup) => {
    const subtract =
      shard !== null && rollup.sharded
        ? subtractShardedSql(rollup, source)
        : applySql(rollup, source, -1, shard);

    return `${subtract};\n${removeEmptySql(rollup, source)};`;
  }).join('\n');

export const TRUNCATE_ROLLUPS = `TRUNCATE ${ROLLUPS.map((rollup) => rollup.table).join(', ')}`;

/** A trigger function that runs `body`, after the optional `declare` block. */
export const plpgsql = (name: string, body: string, declare = '') => `
  CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  ${declare}
  BEGIN
    ${body}
    RETURN NULL;
  END
  $fn$`;

/**
 * The functions of the usage triggers and rebuild_usage_rollups(), for
 * rollups without shards (shard null) or with them.
 */
export function rollupFunctionsSql(shard: ShardExpression): string[] {
  const declare = shard === null ? '' : DECLARE_SHARD;

  return [
    plpgsql('usage_rollups_after_insert', addBody('inserted', shard), declare),
    plpgsql('usage_rollups_after_delete', subtractBody('deleted', shard)),
    plpgsql(
      'usage_rollups_after_update',
      `${subtractBody('old_rows', shard)}\n${addBody('new_rows', shard)}`,
      declare,
    ),
    `
      CREATE OR REPLACE FUNCTION rebuild_usage_rollups() RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        LOCK TABLE usage IN SHARE MODE;
        ${TRUNCATE_ROLLUPS};
        ${addBody('usage', shard === null ? null : '0')}
      END
      $fn$`,
  ];
}
