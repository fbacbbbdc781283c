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
