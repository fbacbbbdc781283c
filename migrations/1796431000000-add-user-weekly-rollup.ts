import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createDerivedUserRollup,
  DerivedUserRollup,
  dropDerivedUserRollup,
} from './user-rollup-triggers';

// Weekly rows per UTC ISO week, from Monday 00:00 UTC.
export const WEEKLY: DerivedUserRollup = {
  table: 'usage_user_weekly_rollup',
  periodColumn: 'week_start',
  periodOf: (row) => `date_trunc('week', ${row}.day_start, 'UTC')`,
};

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
    await createDerivedUserRollup(queryRunner, WEEKLY, 'usage_user_weekly');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropDerivedUserRollup(queryRunner, WEEKLY, 'usage_user_weekly');
  }
}
