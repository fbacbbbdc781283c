import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createDerivedUserRollup,
  DerivedUserRollup,
  dropDerivedUserRollup,
} from './user-rollup-triggers';

// Monthly rows per UTC calendar month.
export const MONTHLY: DerivedUserRollup = {
  table: 'usage_user_monthly_rollup',
  periodColumn: 'month_start',
  periodOf: (row) => `date_trunc('month', ${row}.day_start, 'UTC')`,
};

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
    await createDerivedUserRollup(queryRunner, MONTHLY, 'usage_user_monthly');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropDerivedUserRollup(queryRunner, MONTHLY, 'usage_user_monthly');
  }
}
