import { QueryRunner } from 'typeorm';

/** Operations on usage_user_daily_rollup that a derived table follows. */
export type UserRollupOperation = 'insert' | 'update' | 'delete' | 'truncate';

// Each operation's trigger clause; the transition tables are named
// `inserted`, `old_rows` and `new_rows`, and `deleted`.
const TRIGGER_CLAUSES: Record<UserRollupOperation, string> = {
  insert:
    'AFTER INSERT ON usage_user_daily_rollup REFERENCING NEW TABLE AS inserted',
  update:
    'AFTER UPDATE ON usage_user_daily_rollup REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
  delete:
    'AFTER DELETE ON usage_user_daily_rollup REFERENCING OLD TABLE AS deleted',
  truncate: 'AFTER TRUNCATE ON usage_user_daily_rollup',
};

/**
 * Creates statement-level triggers on usage_user_daily_rollup that run
 * `bodies`, one per operation: function `<prefix>_after_<operation>` and
 * trigger `<prefix>_<operation>`.
 */
export async function createUserRollupTriggers(
  queryRunner: QueryRunner,
  prefix: string,
  bodies: Partial<Record<UserRollupOperation, string>>,
): Promise<void> {
  for (const [operation, body] of Object.entries(bodies)) {
    await queryRunner.query(`
      CREATE FUNCTION ${prefix}_after_${operation}() RETURNS trigger
      LANGUAGE plpgsql AS $fn$
      BEGIN
        ${body};
        RETURN NULL;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE TRIGGER ${prefix}_${operation}
      ${TRIGGER_CLAUSES[operation as UserRollupOperation]}
      FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}_after_${operation}()`);
  }
}

/** Drops the triggers and functions that createUserRollupTriggers made. */
export async function dropUserRollupTriggers(
  queryRunner: QueryRunner,
  prefix: string,
  operations: UserRollupOperation[],
): Promise<void> {
  for (const operation of operations) {
    await queryRunner.query(
      `DROP TRIGGER ${prefix}_${operation} ON usage_user_daily_rollup`,
    );
    await queryRunner.query(`DROP FUNCTION ${prefix}_after_${operation}()`);
  }
}

/** A table of sums per organization, user, currency and a period of UTC days. */
export interface DerivedUserRollup {
  table: string;
  periodColumn: string;
  /** Builds the SQL of the period start of user rollup row `row`. */
  periodOf: (row: string) => string;
}

const DERIVED_MEASURES = [
  'requests',
  'total_tokens',
  'priced_requests',
  'cost',
];

/**
 * Builds the statements that add the user rollup rows of `added` and
 * subtract those of `removed` per period, in key order so that concurrent
 * statements lock the period rows in one order. Then they drop the rows
 * left without requests, which only the rows of `emptied` can cause.
 */
export function derivedUserRollupSql(
  rollup: DerivedUserRollup,
  added: string | null,
  removed: string | null,
  emptied: string | null = removed,
): string {
  const key = ['organization_id', rollup.periodColumn, 'user_id', 'currency'];
  const rows = (source: string, sign: '' | '-') =>
    `SELECT s.organization_id, ${rollup.periodOf('s')} AS ${rollup.periodColumn},
            s.user_id, s.currency,
            ${DERIVED_MEASURES.map((column) => `${sign}s.${column} AS ${column}`).join(', ')}
     FROM ${source} s`;
  const sources = [
    ...(added === null ? [] : [rows(added, '')]),
    ...(removed === null ? [] : [rows(removed, '-')]),
  ];
  const upsert = `
    INSERT INTO ${rollup.table} AS w (${[...key, ...DERIVED_MEASURES].join(', ')})
    SELECT ${key.join(', ')}, ${DERIVED_MEASURES.map((column) => `sum(${column})`).join(', ')}
    FROM (${sources.join(' UNION ALL ')}) c
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET
      ${DERIVED_MEASURES.map((column) => `${column} = w.${column} + EXCLUDED.${column}`).join(', ')}`;
  if (emptied === null) return upsert;

  return `${upsert};
    DELETE FROM ${rollup.table}
    WHERE requests = 0
      AND (${key.join(', ')}) IN (
        SELECT s.organization_id, ${rollup.periodOf('s')}, s.user_id, s.currency
        FROM ${emptied} s)`;
}

/** Builds the bodies of the triggers that make `rollup` follow usage_user_daily_rollup. */
export function derivedUserRollupBodies(
  rollup: DerivedUserRollup,
): Record<UserRollupOperation, string> {
  return {
    insert: derivedUserRollupSql(rollup, 'inserted', null),
    // The usage triggers update daily rows in place, so only a row updated
    // to zero requests can empty its period, and collection never does.
    update: derivedUserRollupSql(
      rollup,
      'new_rows',
      'old_rows',
      '(SELECT * FROM new_rows WHERE requests = 0)',
    ),
    delete: derivedUserRollupSql(rollup, null, 'deleted'),
    truncate: `TRUNCATE ${rollup.table}`,
  };
}

/**
 * Creates a derived user rollup: its table keyed by organization, period,
 * user and currency, an index on the period, the triggers that follow
 * usage_user_daily_rollup, and its rows from the daily rows already there.
 */
export async function createDerivedUserRollup(
  queryRunner: QueryRunner,
  rollup: DerivedUserRollup,
  prefix: string,
): Promise<void> {
  const { table, periodColumn } = rollup;
  await queryRunner.query(`
    CREATE TABLE ${table} (
      organization_id uuid NOT NULL,
      ${periodColumn} timestamptz NOT NULL,
      user_id uuid NOT NULL,
      currency text NOT NULL,
      requests bigint NOT NULL,
      total_tokens bigint NOT NULL,
      priced_requests bigint NOT NULL,
      cost numeric NOT NULL,
      PRIMARY KEY (organization_id, ${periodColumn}, user_id, currency)
    )`);
  await queryRunner.query(
    `CREATE INDEX ${table}_${periodColumn.replace(/_start$/, '')}_idx ON ${table} (${periodColumn})`,
  );

  await createUserRollupTriggers(
    queryRunner,
    prefix,
    derivedUserRollupBodies(rollup),
  );

  await queryRunner.query(
    derivedUserRollupSql(rollup, 'usage_user_daily_rollup', null),
  );
}

/** Drops what createDerivedUserRollup made. */
export async function dropDerivedUserRollup(
  queryRunner: QueryRunner,
  rollup: DerivedUserRollup,
  prefix: string,
): Promise<void> {
  await dropUserRollupTriggers(queryRunner, prefix, [
    'insert',
    'update',
    'delete',
    'truncate',
  ]);
  await queryRunner.query(`DROP TABLE ${rollup.table}`);
}
