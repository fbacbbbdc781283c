import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createUserRollupTriggers,
  dropUserRollupTriggers,
} from './user-rollup-triggers';

const KEY = ['organization_id', 'week_start', 'user_id', 'currency'];
const MEASURES = ['requests', 'total_tokens', 'priced_requests', 'cost'];

// The UTC ISO week (from Monday 00:00 UTC) of a user rollup row.
const WEEK_OF = (row: string) => `date_trunc('week', ${row}.day_start, 'UTC')`;

/**
 * Adds the user rollup rows of `added` and subtracts those of `removed` per
 * week, in key order so that concurrent statements lock weekly rows in one
 * order. Then drops the weekly rows left without requests, which only the
 * rows of `emptied` can cause.
 */
function applySql(
  added: string | null,
  removed: string | null,
  emptied: string | null = removed,
): string {
  const rows = (source: string, sign: '' | '-') =>
    `SELECT s.organization_id, ${WEEK_OF('s')} AS week_start, s.user_id,
            s.currency, ${MEASURES.map((column) => `${sign}s.${column} AS ${column}`).join(', ')}
     FROM ${source} s`;
  const sources = [
    ...(added === null ? [] : [rows(added, '')]),
    ...(removed === null ? [] : [rows(removed, '-')]),
  ];
  const upsert = `
    INSERT INTO usage_user_weekly_rollup AS w (${[...KEY, ...MEASURES].join(', ')})
    SELECT ${KEY.join(', ')}, ${MEASURES.map((column) => `sum(${column})`).join(', ')}
    FROM (${sources.join(' UNION ALL ')}) c
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (${KEY.join(', ')}) DO UPDATE SET
      ${MEASURES.map((column) => `${column} = w.${column} + EXCLUDED.${column}`).join(', ')}`;
  if (emptied === null) return upsert;

  return `${upsert};
    DELETE FROM usage_user_weekly_rollup
    WHERE requests = 0
      AND (organization_id, week_start, user_id, currency) IN (
        SELECT s.organization_id, ${WEEK_OF('s')}, s.user_id, s.currency
        FROM ${emptied} s)`;
}

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
