import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the (user_id, day_start) index of the daily user rollup, which no
 * statement reads: the listings reach the rows through the primary key,
 * which starts with the organization, or through the day index, and the
 * benchmark at 10M records counted no scan of it. It cost an entry for
 * every new row (one per user, UTC day and currency) and 308 MB at 10M
 * records.
 */
export class DropUserDayLookupIndex1796550000000 implements MigrationInterface {
  name = 'DropUserDayLookupIndex1796550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX usage_user_daily_rollup_user_idx');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX usage_user_daily_rollup_user_idx ON usage_user_daily_rollup (user_id, day_start)',
    );
  }
}
