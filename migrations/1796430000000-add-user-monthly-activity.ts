import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createUserRollupTriggers,
  dropUserRollupTriggers,
} from './user-rollup-triggers';

// The UTC month of a user rollup row, and the bit of its day in that month:
// bit 0 is the 1st, bit 30 the 31st.
const MONTH_OF = (row: string) =>
  `date_trunc('month', ${row}.day_start, 'UTC')`;
const DAY_BIT_OF = (row: string) =>
  `1::bigint << (extract(day FROM ${row}.day_start AT TIME ZONE 'UTC')::int - 1)`;

/** Sets the day bits of the user rollup rows in `source`. */
export const ADD_DAYS = (source: string) => `
  INSERT INTO usage_user_monthly_activity AS a
    (organization_id, month_start, user_id, day_mask)
  SELECT s.organization_id, ${MONTH_OF('s')}, s.user_id, bit_or(${DAY_BIT_OF('s')})
  FROM ${source} s
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT (organization_id, month_start, user_id)
    DO UPDATE SET day_mask = a.day_mask | EXCLUDED.day_mask`;

const AFFECTED_MONTHS = `
  SELECT DISTINCT d.organization_id, ${MONTH_OF('d')} AS month_start, d.user_id
  FROM deleted d`;

/**
 * Recomputes the masks of the months that lost user rollup rows from the
 * rows that remain, then drops the months left without any day.
 */
const RECOMPUTE_DAYS = `
  UPDATE usage_user_monthly_activity a
  SET day_mask = coalesce((
    SELECT bit_or(${DAY_BIT_OF('r')})
    FROM usage_user_daily_rollup r
    WHERE r.organization_id = a.organization_id AND r.user_id = a.user_id
      AND r.day_start >= a.month_start
      AND r.day_start < a.month_start + interval '1 month'), 0)
  FROM (${AFFECTED_MONTHS}) m
  WHERE a.organization_id = m.organization_id
    AND a.month_start = m.month_start AND a.user_id = m.user_id;
  DELETE FROM usage_user_monthly_activity
  WHERE day_mask = 0
    AND (organization_id, month_start, user_id) IN (${AFFECTED_MONTHS})`;

/**
 * Adds the days on which each user had usage, one row per organization,
 * user and UTC month with a bit per day. Counting distinct users over a
 * range of whole UTC days then reads one row per user and month instead of
 * one per user and day.
 *
 * The table is derived from usage_user_daily_rollup by triggers on that
 * table, so it follows every change the usage triggers make to it, and
 * rebuild_usage_rollups() rebuilds it as well: a new user-day row sets its
 * bit, and a removed one recomputes the mask of its month.
 */
export class AddUserMonthlyActivity1796430000000 implements MigrationInterface {
  name = 'AddUserMonthlyActivity1796430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE usage_user_monthly_activity (
        organization_id uuid NOT NULL,
        month_start timestamptz NOT NULL,
        user_id uuid NOT NULL,
        day_mask bigint NOT NULL,
        PRIMARY KEY (organization_id, month_start, user_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX usage_user_monthly_activity_month_idx ON usage_user_monthly_activity (month_start)`,
    );

    await createUserRollupTriggers(queryRunner, 'usage_activity', {
      insert: ADD_DAYS('inserted'),
      delete: RECOMPUTE_DAYS,
      truncate: 'TRUNCATE usage_user_monthly_activity',
    });

    await queryRunner.query(ADD_DAYS('usage_user_daily_rollup'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropUserRollupTriggers(queryRunner, 'usage_activity', [
      'insert',
      'delete',
      'truncate',
    ]);
    await queryRunner.query(`DROP TABLE usage_user_monthly_activity`);
  }
}
