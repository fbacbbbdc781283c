import { MigrationInterface, QueryRunner } from 'typeorm';
import { stagedRebuildSql } from './1796500000000-rebuild-rollups-in-stages';
import {
  fillMonthlySql,
  MONTHLY_ROLLUPS,
} from './1796530000000-add-monthly-bucket-rollups';
import {
  ADD_TO_PENDING,
  foldFunctionSql,
  REMOVE_FROM_SUMS,
  triggerFunction,
  TRUNCATE_ALL,
} from './1796570000000-fold-rollups-from-pending-usage';

const TRUNCATE_WITH_ACTIVITY = `${TRUNCATE_ALL}, usage_user_last_activity`;

const FILL_ACTIVITY = `
    INSERT INTO usage_user_last_activity (organization_id, user_id, last_at)
    SELECT organization_id, user_id, max(created_at) FROM usage
    WHERE user_id IS NOT NULL
    GROUP BY organization_id, user_id`;

// Raises the latest request of every user in the folded rows.
const FOLD_ACTIVITY = `last_activity AS (
      INSERT INTO usage_user_last_activity AS a (organization_id, user_id, last_at)
      SELECT organization_id, user_id, max(created_at) FROM moved
      WHERE user_id IS NOT NULL
      GROUP BY organization_id, user_id
      ON CONFLICT (organization_id, user_id)
        DO UPDATE SET last_at = GREATEST(a.last_at, EXCLUDED.last_at))`;

/**
 * Builds the statements that look the latest request up again for the
 * users whose latest request is among the rows of `source`, which are gone
 * from usage by then. The lookup walks usage_organization_created_idx back
 * from the old time, so it is short for an active user and long only for
 * one whose request before it is far back in a large organization. Users
 * left without requests lose their row.
 */
const RECOMPUTE_ACTIVITY = (source: string) => `
    WITH gone AS (
      SELECT organization_id, user_id, max(created_at) AS gone_at
      FROM ${source} WHERE user_id IS NOT NULL
      GROUP BY organization_id, user_id)
    UPDATE usage_user_last_activity a
    SET last_at = (
      SELECT u.created_at FROM usage u
      WHERE u.organization_id = a.organization_id AND u.user_id = a.user_id
        AND u.created_at <= a.last_at
      ORDER BY u.created_at DESC LIMIT 1)
    FROM gone g
    WHERE a.organization_id = g.organization_id AND a.user_id = g.user_id
      AND a.last_at <= g.gone_at;
    DELETE FROM usage_user_last_activity a
    USING (SELECT DISTINCT organization_id, user_id FROM ${source}) g
    WHERE a.organization_id = g.organization_id AND a.user_id = g.user_id
      AND a.last_at IS NULL;`;

/** Installs the trigger bodies and functions, with the activity upkeep or without. */
async function installUpkeep(
  queryRunner: QueryRunner,
  withActivity: boolean,
): Promise<void> {
  const recompute = (source: string) =>
    withActivity ? RECOMPUTE_ACTIVITY(source) : '';
  const truncate = withActivity ? TRUNCATE_WITH_ACTIVITY : TRUNCATE_ALL;

  await queryRunner.query(foldFunctionSql(withActivity ? [FOLD_ACTIVITY] : []));
  await queryRunner.query(
    triggerFunction(
      'usage_rollups_after_delete',
      `${REMOVE_FROM_SUMS('deleted')}\n    ${recompute('deleted')}`,
    ),
  );
  await queryRunner.query(
    triggerFunction(
      'usage_rollups_after_update',
      `${REMOVE_FROM_SUMS('old_rows')}\n    ${ADD_TO_PENDING('new_rows')}\n    ${recompute('old_rows')}`,
    ),
  );
  await queryRunner.query(
    triggerFunction('usage_rollups_after_truncate', `${truncate};`),
  );
  await queryRunner.query(
    stagedRebuildSql(
      [
        ...MONTHLY_ROLLUPS.map(fillMonthlySql),
        ...(withActivity ? [FILL_ACTIVITY] : []),
      ],
      truncate,
    ),
  );
}

/**
 * Keeps each user's latest request in usage_user_last_activity, per
 * organization, and drops usage_user_created_idx, which served only that
 * lookup and the raw edges of the global user ranking.
 *
 * That index took every new record at the place of its user, one of
 * 20,000 leaf pages in 400 MB at 10M records, so collection spread over
 * many users read and dirtied a page per record. Collecting 60,000 such
 * records into a 10M-row table ran at about 19,000 records/s with the
 * index and about 23,000 without it (three alternated runs each). The fold
 * now raises the latest request of each user it folds, once per user; the
 * delete and update triggers look it up again when the latest request
 * goes. The dashboards take the later of the stored time and the user's
 * pending rows. rebuild_usage_rollups() fills the table from usage.
 *
 * NOTE: the down migration builds the index again, which blocks writes to
 * `usage` meanwhile: 4.5 s at 10M rows on a 2-core machine in one run.
 */
export class TrackUserLastActivity1796580000000 implements MigrationInterface {
  name = 'TrackUserLastActivity1796580000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE usage_user_last_activity (
        organization_id uuid NOT NULL,
        user_id uuid NOT NULL,
        last_at timestamptz,
        PRIMARY KEY (organization_id, user_id)
      )`);
    // Records inserted before the lock are in the fill, and later ones
    // wait for it and reach the table through the new fold.
    await queryRunner.query('LOCK TABLE usage IN SHARE MODE');
    await queryRunner.query(FILL_ACTIVITY);
    await installUpkeep(queryRunner, true);
    await queryRunner.query('DROP INDEX usage_user_created_idx');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX usage_user_created_idx ON usage (user_id, created_at)',
    );
    await installUpkeep(queryRunner, false);
    await queryRunner.query('DROP TABLE usage_user_last_activity');
  }
}
