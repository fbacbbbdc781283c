import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createUserRollupTriggers,
  DerivedUserRollup,
  derivedUserRollupSql,
  dropUserRollupTriggers,
} from './user-rollup-triggers';

// Weekly rows per UTC ISO week, from Monday 00:00 UTC.
const WEEKLY: DerivedUserRollup = {
  table: 'usage_user_weekly_rollup',
  periodColumn: 'week_start',
  periodOf: (row) => `date_trunc('week', ${row}.day_start, 'UTC')`,
};
const applySql = (
  added: string | null,
  removed: string | null,
  emptied: string | null = removed,
) => derivedUserRollupSql(WEEKLY, added, removed, emptied);

/**
 * Adds sums per organization, user, currency and UTC ISO week (from Monday
 * 00:00 UTC). The user listings read whole weeks of a range from it and
 * only the remaining whole days from the daily user rollup, which holds
 * about one row per user and active day.
 *
 * Like the monthly activity, it is derived from usage_user_daily_rollup by
 * triggers on that table, so it follows every change the usage triggers
 * make there and rebuild_usage_rollups() rebuilds it too.
 */
export class AddUserWeeklyRollup1796431000000 implements MigrationInterface {
  name = 'AddUserWeeklyRollup1796431000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE usage_user_weekly_rollup (
        organization_id uuid NOT NULL,
        week_start timestamptz NOT NULL,
        user_id uuid NOT NULL,
        currency text NOT NULL,
        requests bigint NOT NULL,
        total_tokens bigint NOT NULL,
        priced_requests bigint NOT NULL,
        cost numeric NOT NULL,
        PRIMARY KEY (organization_id, week_start, user_id, currency)
      )`);
    await queryRunner.query(
      `CREATE INDEX usage_user_weekly_rollup_week_idx ON usage_user_weekly_rollup (week_start)`,
    );

    await createUserRollupTriggers(queryRunner, 'usage_user_weekly', {
      insert: applySql('inserted', null),
      // The usage triggers update daily rows in place, so only a row
      // updated to zero requests can empty its week; collection never does.
      update: applySql(
        'new_rows',
        'old_rows',
        '(SELECT * FROM new_rows WHERE requests = 0)',
      ),
      delete: applySql(null, 'deleted'),
      truncate: 'TRUNCATE usage_user_weekly_rollup',
    });

    await queryRunner.query(applySql('usage_user_daily_rollup', null));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropUserRollupTriggers(queryRunner, 'usage_user_weekly', [
      'insert',
      'update',
      'delete',
      'truncate',
    ]);
    await queryRunner.query(`DROP TABLE usage_user_weekly_rollup`);
  }
}
