import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createUserRollupTriggers,
  DerivedUserRollup,
  derivedUserRollupSql,
  dropUserRollupTriggers,
} from './user-rollup-triggers';

// Monthly rows per UTC calendar month.
const MONTHLY: DerivedUserRollup = {
  table: 'usage_user_monthly_rollup',
  periodColumn: 'month_start',
  periodOf: (row) => `date_trunc('month', ${row}.day_start, 'UTC')`,
};
const applySql = (
  added: string | null,
  removed: string | null,
  emptied: string | null = removed,
) => derivedUserRollupSql(MONTHLY, added, removed, emptied);

/**
 * Adds sums per organization, user, currency and UTC calendar month. The
 * user listings read whole months of a range from it, then whole weeks and
 * days of the rest, so a year costs about 12 rows per user and currency
 * instead of 52 weekly ones.
 *
 * Like the weekly rollup, it is derived from usage_user_daily_rollup by
 * triggers on that table, so rebuild_usage_rollups() rebuilds it too.
 */
export class AddUserMonthlyRollup1796475000000 implements MigrationInterface {
  name = 'AddUserMonthlyRollup1796475000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE usage_user_monthly_rollup (
        organization_id uuid NOT NULL,
        month_start timestamptz NOT NULL,
        user_id uuid NOT NULL,
        currency text NOT NULL,
        requests bigint NOT NULL,
        total_tokens bigint NOT NULL,
        priced_requests bigint NOT NULL,
        cost numeric NOT NULL,
        PRIMARY KEY (organization_id, month_start, user_id, currency)
      )`);
    await queryRunner.query(
      `CREATE INDEX usage_user_monthly_rollup_month_idx ON usage_user_monthly_rollup (month_start)`,
    );

    await createUserRollupTriggers(queryRunner, 'usage_user_monthly', {
      insert: applySql('inserted', null),
      // As for the weekly rollup, only a daily row updated to zero requests
      // can empty its month.
      update: applySql(
        'new_rows',
        'old_rows',
        '(SELECT * FROM new_rows WHERE requests = 0)',
      ),
      delete: applySql(null, 'deleted'),
      truncate: 'TRUNCATE usage_user_monthly_rollup',
    });

    await queryRunner.query(applySql('usage_user_daily_rollup', null));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropUserRollupTriggers(queryRunner, 'usage_user_monthly', [
      'insert',
      'update',
      'delete',
      'truncate',
    ]);
    await queryRunner.query(`DROP TABLE usage_user_monthly_rollup`);
  }
}
