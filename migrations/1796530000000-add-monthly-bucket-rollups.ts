import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  BUCKET_ROLLUPS,
  createTableSql,
  Rollup,
} from './1796342400000-add-usage-rollups';
import {
  addAllSql,
  insertSumsSql,
  keyOf,
  MEASURE_COLUMNS,
  replaceTriggerFunction,
  subtractAllSql,
  TRUNCATE_ROLLUPS,
} from './1796480000000-add-usage-rollups-in-one-statement';
import { stagedRebuildSql } from './1796500000000-rebuild-rollups-in-stages';

const MONTH_OF_CREATED_AT = `date_trunc('month', created_at, 'UTC')`;

/** A rollup of `usage` keyed by the start of its UTC calendar month. */
function monthlyRollup(table: string, perOrganization: boolean): Rollup {
  const key: Rollup['key'] = [
    ['bucket_start', MONTH_OF_CREATED_AT],
    ['model_id', 'model_id'],
    ['provider', 'provider'],
    ['currency', 'currency'],
  ];
  if (perOrganization) key.unshift(['organization_id', 'organization_id']);

  return { table, key, where: 'TRUE' };
}

// The monthly tiers and the daily tier each is filled from on a rebuild.
export const MONTHLY_ROLLUPS: { rollup: Rollup; daily: string }[] = [
  {
    rollup: monthlyRollup('usage_organization_monthly_rollup', true),
    daily: 'usage_organization_daily_rollup',
  },
  {
    rollup: monthlyRollup('usage_global_monthly_rollup', false),
    daily: 'usage_global_daily_rollup',
  },
];

export const ALL_BUCKET_ROLLUPS = [
  ...BUCKET_ROLLUPS,
  ...MONTHLY_ROLLUPS.map(({ rollup }) => rollup),
];

const MONTHLY_TABLES = MONTHLY_ROLLUPS.map(({ rollup }) => rollup.table);

/** Sums a daily tier into its monthly tier. A UTC day never spans two months. */
export const fillMonthlySql = ({
  rollup,
  daily,
}: (typeof MONTHLY_ROLLUPS)[number]) =>
  insertSumsSql(rollup.table, keyOf(rollup), MEASURE_COLUMNS, daily, [
    'bucket_start',
    MONTH_OF_CREATED_AT.replace('created_at', 'bucket_start'),
  ]);

export const TRUNCATE_WITH_MONTHS = `${TRUNCATE_ROLLUPS}, ${MONTHLY_TABLES.join(', ')}`;

/**
 * Installs the usage triggers and the rebuild function of this migration,
 * which keep the monthly tiers with the others.
 */
export async function installMonthlyUpkeep(
  queryRunner: QueryRunner,
): Promise<void> {
  await replaceTriggers(queryRunner, ALL_BUCKET_ROLLUPS, TRUNCATE_WITH_MONTHS);
  await queryRunner.query(
    stagedRebuildSql(MONTHLY_ROLLUPS.map(fillMonthlySql), TRUNCATE_WITH_MONTHS),
  );
}

async function replaceTriggers(
  queryRunner: QueryRunner,
  bucketRollups: Rollup[],
  truncate: string,
): Promise<void> {
  await queryRunner.query(
    replaceTriggerFunction(
      'usage_rollups_after_insert',
      `${addAllSql('inserted', bucketRollups)};`,
    ),
  );
  await queryRunner.query(
    replaceTriggerFunction(
      'usage_rollups_after_delete',
      subtractAllSql('deleted', bucketRollups),
    ),
  );
  await queryRunner.query(
    replaceTriggerFunction(
      'usage_rollups_after_update',
      `${subtractAllSql('old_rows', bucketRollups)}\n${addAllSql('new_rows', bucketRollups)};`,
    ),
  );
  await queryRunner.query(
    replaceTriggerFunction('usage_rollups_after_truncate', `${truncate};`),
  );
}

/**
 * Adds monthly (UTC calendar month) tiers to the organization and global
 * bucket rollups. The totals, stats, providers and models of a range read
 * its whole months from them and only the rest from the daily and finer
 * tiers: 90 days read about 300 rows of the median organization in place
 * of 770, and 365 days about 600 in place of 3,000. The insert trigger
 * derives them from the same 15-minute sums as the other tiers, and the
 * rebuild sums them from the daily tiers. `up` fills them from the daily
 * tiers, which already hold every record.
 */
export class AddMonthlyBucketRollups1796530000000 implements MigrationInterface {
  name = 'AddMonthlyBucketRollups1796530000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const monthly of MONTHLY_ROLLUPS) {
      await queryRunner.query(createTableSql(monthly.rollup));
      await queryRunner.query(fillMonthlySql(monthly));
    }
    await installMonthlyUpkeep(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The first rollup migration's truncate function emptied the same
    // tables as the rebuild.
    await replaceTriggers(queryRunner, BUCKET_ROLLUPS, TRUNCATE_ROLLUPS);
    await queryRunner.query(stagedRebuildSql());
    await queryRunner.query(`DROP TABLE ${MONTHLY_TABLES.join(', ')}`);
  }
}
