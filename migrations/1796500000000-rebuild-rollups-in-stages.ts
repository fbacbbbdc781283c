import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  BUCKET_ROLLUPS,
  Rollup,
  USER_ROLLUP,
} from './1796342400000-add-usage-rollups';
import { ADD_DAYS } from './1796430000000-add-user-monthly-activity';
import { WEEKLY } from './1796431000000-add-user-weekly-rollup';
import { MONTHLY } from './1796475000000-add-user-monthly-rollup';
import {
  DERIVED_COLUMNS,
  insertSumsSql,
  keyOf,
  MEASURE_COLUMNS,
  REBUILD_IN_ONE_STATEMENT,
  sumsSql,
  TRUNCATE_ROLLUPS,
} from './1796480000000-add-usage-rollups-in-one-statement';
import { DerivedUserRollup } from './user-rollup-triggers';

/** Sums of `usage` per key of `rollup`, as a temporary table `name`. */
function stageSql(name: string, rollup: Rollup): string {
  return `CREATE TEMPORARY TABLE ${name} AS ${sumsSql(rollup, 'usage')}`;
}

/**
 * Fills each bucket rollup from the next finer one of the same scope, the
 * 15-minute tiers from the staged 15-minute sums. Every width is a whole
 * number of the finer buckets from the same origin, so a tier's bucket
 * expression applied to a finer bucket start gives the bucket of every
 * instant in it.
 */
function bucketInserts(quarters: string): string[] {
  return BUCKET_ROLLUPS.map((rollup, index) => {
    const [, expression] = rollup.key.find(
      ([column]) => column === 'bucket_start',
    ) as [string, string];
    const source = index % 3 === 0 ? quarters : BUCKET_ROLLUPS[index - 1].table;

    return insertSumsSql(rollup.table, keyOf(rollup), MEASURE_COLUMNS, source, [
      'bucket_start',
      expression.replace('created_at', 'bucket_start'),
    ]);
  });
}

function derivedInsert(rollup: DerivedUserRollup, days: string): string {
  const key = ['organization_id', rollup.periodColumn, 'user_id', 'currency'];

  return insertSumsSql(rollup.table, key, DERIVED_COLUMNS, days, [
    rollup.periodColumn,
    rollup.periodOf(days),
  ]);
}

// Qualified, so that the drops can only reach the temporary tables.
const STAGES = ['pg_temp.rebuild_quarters', 'pg_temp.rebuild_days'];

/**
 * Builds the staged rebuild function. `more` are statements that run right
 * after the bucket tiers are filled, and `truncate` the statement that
 * empties the rollups first.
 */
export const stagedRebuildSql = (
  more: string[] = [],
  truncate = TRUNCATE_ROLLUPS,
) => `
  CREATE OR REPLACE FUNCTION rebuild_usage_rollups() RETURNS void
  LANGUAGE plpgsql SET work_mem = '256MB' AS $fn$
  BEGIN
    LOCK TABLE usage IN SHARE MODE;
    ${truncate};
    DROP TABLE IF EXISTS ${STAGES.join(', ')};
    ${stageSql('rebuild_quarters', BUCKET_ROLLUPS[0])};
    ${[...bucketInserts('rebuild_quarters'), ...more].join(';\n    ')};
    ${stageSql('rebuild_days', USER_ROLLUP)};
    ${insertSumsSql(USER_ROLLUP.table, keyOf(USER_ROLLUP), MEASURE_COLUMNS, 'rebuild_days', ['day_start', 'day_start'])};
    ${derivedInsert(WEEKLY, 'rebuild_days')};
    ${derivedInsert(MONTHLY, 'rebuild_days')};
    ${ADD_DAYS('rebuild_days')};
    DROP TABLE ${STAGES.join(', ')};
  END
  $fn$`;

/**
 * Rebuilds the rollups in stages instead of with the insert trigger's
 * statement. The usage rows are summed twice into temporary tables, per
 * organization and 15 minutes and per user and UTC day, and every rollup
 * is filled from those sums or from its next finer tier with plain
 * inserts in key order, without the conflict checks and the join of new
 * user days that the trigger needs. Within the benchmark's load of 1M
 * generated rows this took 57 s instead of 88 s, most of it inserting the
 * rows and their indexes. The
 * larger work_mem lets the sums of a bulk load stay in memory; it applies
 * during the call only.
 */
export class RebuildRollupsInStages1796500000000 implements MigrationInterface {
  name = 'RebuildRollupsInStages1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(stagedRebuildSql());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(REBUILD_IN_ONE_STATEMENT);
  }
}
