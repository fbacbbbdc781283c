import { MigrationInterface, QueryRunner } from 'typeorm';

/** Origin of every rollup bucket: a UTC midnight, so buckets start on :00, :15, :30 and :45. */
export const ORIGIN = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;

export interface Rollup {
  table: string;
  /** Key columns and the expression over `usage` rows that gives each. */
  key: [column: string, expression: string][];
  /** Rows of `usage` that the rollup counts. */
  where: string;
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

  return { table, key, where: 'TRUE' };
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
// without a user is not counted.
export const USER_ROLLUP: Rollup = {
  table: 'usage_user_daily_rollup',
  key: [
    ['organization_id', 'organization_id'],
    ['day_start', `date_bin('1 day', created_at, ${ORIGIN})`],
    ['user_id', 'user_id'],
    ['currency', 'currency'],
  ],
  where: 'user_id IS NOT NULL',
};

const ROLLUPS = [...BUCKET_ROLLUPS, USER_ROLLUP];

// Sums of each rollup row. cost sums the non-null costs only, so an amount
// is shown for a currency only when priced_requests > 0.
export const MEASURES: [column: string, expression: string][] = [
  ['requests', 'count(*)'],
  ['input_tokens', 'sum(input_tokens)'],
  ['output_tokens', 'sum(output_tokens)'],
  ['total_tokens', 'sum(total_tokens)'],
  ['priced_requests', 'count(cost)'],
  ['cost', 'coalesce(sum(cost), 0)'],
];

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

/**
 * Adds (sign 1) or subtracts (sign -1) the rows of `source` to a rollup.
 * Keys go in key order, so concurrent statements lock rollup rows in one
 * order and cannot deadlock on them.
 */
export function applySql(rollup: Rollup, source: string, sign: 1 | -1): string {
  const keyColumns = rollup.key.map(([column]) => column);
  const select = [
    ...rollup.key.map(([, expression]) => expression),
    ...MEASURES.map(([, expression]) =>
      sign === 1 ? expression : `-${expression}`,
    ),
  ];
  const positions = keyColumns.map((_, index) => index + 1).join(', ');
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

/** Removes the rollup rows that a subtraction from `source` left without requests. */
export function removeEmptySql(rollup: Rollup, source: string): string {
  const keyColumns = rollup.key.map(([column]) => column);
  const expressions = rollup.key.map(([, expression]) => expression);

  return `
    DELETE FROM ${rollup.table}
    WHERE requests = 0
      AND (${keyColumns.join(', ')}) IN (
        SELECT ${expressions.join(', ')} FROM ${source} WHERE ${rollup.where})`;
}

export const addBody = (source: string) =>
  ROLLUPS.map((rollup) => `${applySql(rollup, source, 1)};`).join('\n');

export const subtractBody = (source: string) =>
  ROLLUPS.map(
    (rollup) =>
      `${applySql(rollup, source, -1)};\n${removeEmptySql(rollup, source)};`,
  ).join('\n');

const TRUNCATE_ROLLUPS = `TRUNCATE ${ROLLUPS.map((rollup) => rollup.table).join(', ')}`;

const plpgsql = (name: string, body: string) => `
  CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    ${body}
    RETURN NULL;
  END
  $fn$`;

/**
 * Adds rollups of the usage table: per organization and for the platform
 * in 15-minute, hourly and UTC-day buckets, and per user and UTC day.
 * Statement-level triggers with transition tables keep them in step with
 * every insert (INSERT, multi-row INSERT, COPY), update, delete and
 * truncate of `usage`, in the same transaction. `rebuild_usage_rollups()`
 * recomputes them from the raw rows; `up` runs it for the rows present.
 */
export class AddUsageRollups1796342400000 implements MigrationInterface {
  name = 'AddUsageRollups1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const rollup of ROLLUPS) {
      await queryRunner.query(createTableSql(rollup));
    }
    for (const table of [
      'usage_global_rollup',
      'usage_global_hourly_rollup',
      'usage_global_daily_rollup',
    ]) {
      await queryRunner.query(
        `CREATE INDEX ${table.replace('_rollup', '_rollup_model_idx')} ON ${table} (model_id, bucket_start)`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX usage_user_daily_rollup_day_idx ON usage_user_daily_rollup (day_start)`,
    );
    await queryRunner.query(
      `CREATE INDEX usage_user_daily_rollup_user_idx ON usage_user_daily_rollup (user_id, day_start)`,
    );

    await queryRunner.query(
      plpgsql('usage_rollups_after_insert', addBody('inserted')),
    );
    await queryRunner.query(
      plpgsql('usage_rollups_after_delete', subtractBody('deleted')),
    );
    await queryRunner.query(
      plpgsql(
        'usage_rollups_after_update',
        `${subtractBody('old_rows')}\n${addBody('new_rows')}`,
      ),
    );
    await queryRunner.query(
      plpgsql('usage_rollups_after_truncate', `${TRUNCATE_ROLLUPS};`),
    );
    await queryRunner.query(`
      CREATE FUNCTION rebuild_usage_rollups() RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        LOCK TABLE usage IN SHARE MODE;
        ${TRUNCATE_ROLLUPS};
        ${addBody('usage')}
      END
      $fn$`);

    await queryRunner.query(`
      CREATE TRIGGER usage_rollups_insert AFTER INSERT ON usage
      REFERENCING NEW TABLE AS inserted
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollups_after_insert()`);
    await queryRunner.query(`
      CREATE TRIGGER usage_rollups_delete AFTER DELETE ON usage
      REFERENCING OLD TABLE AS deleted
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollups_after_delete()`);
    await queryRunner.query(`
      CREATE TRIGGER usage_rollups_update AFTER UPDATE ON usage
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollups_after_update()`);
    await queryRunner.query(`
      CREATE TRIGGER usage_rollups_truncate AFTER TRUNCATE ON usage
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollups_after_truncate()`);

    await queryRunner.query(`SELECT rebuild_usage_rollups()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const operation of ['insert', 'delete', 'update', 'truncate']) {
      await queryRunner.query(
        `DROP TRIGGER usage_rollups_${operation} ON usage`,
      );
      await queryRunner.query(
        `DROP FUNCTION usage_rollups_after_${operation}()`,
      );
    }
    await queryRunner.query(`DROP FUNCTION rebuild_usage_rollups()`);
    for (const rollup of [...ROLLUPS].reverse()) {
      await queryRunner.query(`DROP TABLE ${rollup.table}`);
    }
  }
}
