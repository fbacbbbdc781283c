import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createTableSql,
  plpgsql,
  ROLLUPS,
  rollupFunctionsSql,
  TRUNCATE_ROLLUPS,
} from './usage-rollup-sql';

/**
 * Adds rollups of the usage table: per organization and for the platform
 * in 15-minute, hourly and UTC-day buckets, and per user and UTC day.
 * Statement-level triggers with transition tables keep them in step with
 * every insert (INSERT, multi-row INSERT, COPY), update, delete and
 * truncate of `usage`, in the same transaction. `rebuild_usage_rollups()`
 * recomputes them from the raw rows; `up` runs it for the rows present.
 */
export class AddUsageRollups1796342400000 implements MigrationInterface {
  name = 'AddUsageRollups1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const rollup of ROLLUPS) {
      await queryRunner.query(createTableSql(rollup));
    }
    for (const table of [
      'usage_global_rollup',
      'usage_global_hourly_rollup',
      'usage_global_daily_rollup',
    ]) {
      await queryRunner.query(
        `CREATE INDEX ${table.replace('_rollup', '_rollup_model_idx')} ON ${table} (model_id, bucket_start)`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX usage_user_daily_rollup_day_idx ON usage_user_daily_rollup (day_start)`,
    );
    await queryRunner.query(
      `CREATE INDEX usage_user_daily_rollup_user_idx ON usage_user_daily_rollup (user_id, day_start)`,
    );

    // The bodies as this migration created them: rollups without shards.
    for (const sql of rollupFunctionsSql(null)) {
      await queryRunner.query(sql);
    }
    await queryRunner.query(
      plpgsql('usage_rollups_after_truncate', `${TRUNCATE_ROLLUPS};`),
    );

    await queryRunner.query(`
      CREATE TRIGGER usage_rollups_insert AFTER INSERT ON usage
      REFERENCING NEW TABLE AS inserted
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollups_after_insert()`);
    await queryRunner.query(`
      CREATE TRIGGER usage_rollups_delete AFTER DELETE ON usage
      REFERENCING OLD TABLE AS deleted
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollups_after_delete()`);
    await queryRunner.query(`
      CREATE TRIGGER usage_rollups_update AFTER UPDATE ON usage
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollups_after_update()`);
    await queryRunner.query(`
      CREATE TRIGGER usage_rollups_truncate AFTER TRUNCATE ON usage
      FOR EACH STATEMENT EXECUTE FUNCTION usage_rollups_after_truncate()`);

    await queryRunner.query(`SELECT rebuild_usage_rollups()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const operation of ['insert', 'delete', 'update', 'truncate']) {
      await queryRunner.query(
        `DROP TRIGGER usage_rollups_${operation} ON usage`,
      );
      await queryRunner.query(
        `DROP FUNCTION usage_rollups_after_${operation}()`,
      );
    }
    await queryRunner.query(`DROP FUNCTION rebuild_usage_rollups()`);
    for (const rollup of [...ROLLUPS].reverse()) {
      await queryRunner.query(`DROP TABLE ${rollup.table}`);
    }
  }
}
