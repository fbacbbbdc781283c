import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  BUCKET_ROLLUPS,
  primaryKeyColumns,
  rollupFunctionsSql,
} from './usage-rollup-sql';

const SHARD = 'rollup_shard';

/**
 * Adds a `shard` column, last in the primary key, to the organization and
 * global rollups in 15-minute, hourly and UTC-day buckets.
 *
 * Every collection batch adds to the rows of the current quarter hour, hour
 * and day, organization and global, and holds their row locks until it
 * commits. Two batches on separate connections therefore ran one after the
 * other, each waiting for the other's commit. The insert trigger now adds
 * to the shard that the inserting transaction names in the setting
 * `usage.rollup_shard` (0 when unset), so batches on different shards do
 * not wait for each other. Readers sum rollup rows, so the shards of a key
 * add up to its exact sums. A delete or update folds the shards of the keys
 * it touches back into shard 0, and rebuild_usage_rollups() writes shard 0
 * only.
 */
export class ShardUsageBucketRollups1796460000000 implements MigrationInterface {
  name = 'ShardUsageBucketRollups1796460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const rollup of BUCKET_ROLLUPS) {
      await queryRunner.query(
        `ALTER TABLE ${rollup.table}
           ADD COLUMN shard smallint NOT NULL DEFAULT 0,
           DROP CONSTRAINT ${rollup.table}_pkey,
           ADD PRIMARY KEY (${primaryKeyColumns(rollup, SHARD).join(', ')})`,
      );
    }
    for (const sql of rollupFunctionsSql(SHARD)) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const rollup of BUCKET_ROLLUPS) {
      const keyColumns = primaryKeyColumns(rollup, null);
      const keyList = keyColumns.join(', ');
      await queryRunner.query(`
        WITH moved AS (
          DELETE FROM ${rollup.table} WHERE shard <> 0 RETURNING *
        )
        INSERT INTO ${rollup.table} AS r
        SELECT ${keyList}, sum(requests), sum(input_tokens), sum(output_tokens),
               sum(total_tokens), sum(priced_requests), sum(cost), 0
        FROM moved
        GROUP BY ${keyList}
        ON CONFLICT (${keyList}, shard) DO UPDATE SET
          requests = r.requests + EXCLUDED.requests,
          input_tokens = r.input_tokens + EXCLUDED.input_tokens,
          output_tokens = r.output_tokens + EXCLUDED.output_tokens,
          total_tokens = r.total_tokens + EXCLUDED.total_tokens,
          priced_requests = r.priced_requests + EXCLUDED.priced_requests,
          cost = r.cost + EXCLUDED.cost`);
      await queryRunner.query(
        `ALTER TABLE ${rollup.table}
           DROP CONSTRAINT ${rollup.table}_pkey,
           DROP COLUMN shard,
           ADD PRIMARY KEY (${keyList})`,
      );
    }
    for (const sql of rollupFunctionsSql(null)) {
      await queryRunner.query(sql);
    }
  }
}
