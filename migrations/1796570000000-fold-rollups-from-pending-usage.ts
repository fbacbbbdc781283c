import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  addAllParts,
  replaceTriggerFunction,
  subtractAllSql,
} from './1796480000000-add-usage-rollups-in-one-statement';
import { stagedRebuildSql } from './1796500000000-rebuild-rollups-in-stages';
import {
  ALL_BUCKET_ROLLUPS,
  fillMonthlySql,
  installMonthlyUpkeep,
  MONTHLY_ROLLUPS,
  TRUNCATE_WITH_MONTHS,
} from './1796530000000-add-monthly-bucket-rollups';

const USAGE_COLUMNS = [
  'id',
  'organization_id',
  'user_id',
  'model_id',
  'provider',
  'model_name',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cost',
  'currency',
  'request_id',
  'created_at',
].join(', ');

export const TRUNCATE_ALL = `${TRUNCATE_WITH_MONTHS}, usage_pending`;

// Key of the advisory lock that lets one fold run at a time.
const FOLD_LOCK = 7_301_940_513;

export const ADD_TO_PENDING = (source: string) =>
  `INSERT INTO usage_pending (${USAGE_COLUMNS}) SELECT ${USAGE_COLUMNS} FROM ${source};`;

/**
 * Builds the statements that take the rows of `source` out of the sums:
 * the rows still pending leave usage_pending, and the rest, which a fold
 * has added to the rollups, are subtracted from them. The subtraction is a
 * statement of its own, so that it sees a fold that committed while the
 * first statement waited for its rows.
 */
export const REMOVE_FROM_SUMS = (source: string) => `
    WITH gone AS (
      DELETE FROM usage_pending p USING ${source} s
      WHERE p.organization_id = s.organization_id AND p.request_id = s.request_id
      RETURNING p.organization_id, p.request_id)
    SELECT array_agg(organization_id), array_agg(request_id)
    INTO gone_organizations, gone_requests FROM gone;
    ${subtractAllSql(
      `(SELECT s.* FROM ${source} s
        WHERE NOT EXISTS (
          SELECT FROM unnest(gone_organizations, gone_requests) AS g (organization_id, request_id)
          WHERE g.organization_id = s.organization_id AND g.request_id = s.request_id)) AS folded`,
      ALL_BUCKET_ROLLUPS,
    )}`;

export const triggerFunction = (name: string, body: string) =>
  replaceTriggerFunction(
    name,
    body,
    'gone_organizations uuid[];\n    gone_requests text[];',
  );

/**
 * Folds up to max_rows pending rows (all with NULL) into every rollup in
 * one statement and returns how many it folded. It returns 0 at once when
 * another fold holds the lock. `more` are further common table
 * expressions of that statement, which read the folded rows as `moved`.
 */
export function foldFunctionSql(more: string[] = []): string {
  const { ctes, last } = addAllParts('moved', ALL_BUCKET_ROLLUPS);

  return `
  CREATE OR REPLACE FUNCTION fold_usage_pending(max_rows integer) RETURNS bigint
  LANGUAGE plpgsql AS $fn$
  DECLARE
    folded bigint;
  BEGIN
    IF NOT pg_try_advisory_xact_lock(${FOLD_LOCK}) THEN
      RETURN 0;
    END IF;
    WITH moved AS (
      DELETE FROM usage_pending p
      WHERE p.ctid = ANY (ARRAY(SELECT ctid FROM usage_pending LIMIT max_rows))
      RETURNING p.*),
    ${[...ctes, ...more].join(',\n    ')},
    day_bits AS (${last})
    SELECT count(*) INTO folded FROM moved;
    RETURN folded;
  END
  $fn$`;
}

/**
 * Moves the rollup upkeep out of collection. The usage insert trigger now
 * copies the new rows to usage_pending, and fold_usage_pending() adds
 * pending rows to every rollup in large groups, which a background job of
 * the service calls. A batch of collection used to upsert about a dozen
 * rollup rows per record, most of them rows no other record of the batch
 * shared; a fold of thousands of records upserts each row once for all of
 * them. The dashboards add the pending rows to the rollup rows they read,
 * so their answers stay exact. The delete and update triggers take a row
 * out of usage_pending while it is pending, and out of the rollups once
 * folded. The truncate trigger and the rebuild empty usage_pending too.
 */
export class FoldRollupsFromPendingUsage1796570000000 implements MigrationInterface {
  name = 'FoldRollupsFromPendingUsage1796570000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Each fold deletes what it folds, so the table is vacuumed after a
    // fixed number of dead rows rather than a fraction of its size.
    await queryRunner.query(`
      CREATE TABLE usage_pending (LIKE usage)
      WITH (autovacuum_vacuum_scale_factor = 0,
            autovacuum_vacuum_threshold = 20000,
            autovacuum_analyze_scale_factor = 0,
            autovacuum_analyze_threshold = 20000)`);
    await queryRunner.query(foldFunctionSql());
    await queryRunner.query(
      triggerFunction('usage_rollups_after_insert', ADD_TO_PENDING('inserted')),
    );
    await queryRunner.query(
      triggerFunction(
        'usage_rollups_after_delete',
        REMOVE_FROM_SUMS('deleted'),
      ),
    );
    await queryRunner.query(
      triggerFunction(
        'usage_rollups_after_update',
        `${REMOVE_FROM_SUMS('old_rows')}\n    ${ADD_TO_PENDING('new_rows')}`,
      ),
    );
    await queryRunner.query(
      triggerFunction('usage_rollups_after_truncate', `${TRUNCATE_ALL};`),
    );
    await queryRunner.query(
      stagedRebuildSql(MONTHLY_ROLLUPS.map(fillMonthlySql), TRUNCATE_ALL),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Waits for a running fold, so that this one folds every pending row.
    await queryRunner.query(`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`);
    await queryRunner.query('SELECT fold_usage_pending(NULL)');
    await installMonthlyUpkeep(queryRunner);
    await queryRunner.query('DROP FUNCTION fold_usage_pending(integer)');
    await queryRunner.query('DROP TABLE usage_pending');
  }
}
