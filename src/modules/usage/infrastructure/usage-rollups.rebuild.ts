import { DataSource } from 'typeorm';
import { toSafeInteger } from '../../../common/domain/safe-integer';

/** Row counts after a rebuild of the usage rollups, and its duration. */
export interface UsageRollupsRebuild {
  usageRows: number;
  organizationRollupRows: number;
  globalRollupRows: number;
  userRollupRows: number;
  durationMs: number;
}

/**
 * Truncates the usage rollups and aggregates them again from the raw rows,
 * in one transaction, for after a bulk load with the triggers disabled or
 * a repair. rebuild_usage_rollups() takes a SHARE lock on usage first, so
 * collection waits until the transaction commits.
 */
export async function rebuildUsageRollups(
  dataSource: DataSource,
): Promise<UsageRollupsRebuild> {
  const started = performance.now();

  const counts = await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT rebuild_usage_rollups()`);
    await manager.query(
      `ANALYZE usage_organization_rollup, usage_organization_hourly_rollup,
         usage_organization_daily_rollup, usage_organization_monthly_rollup,
         usage_global_rollup, usage_global_hourly_rollup,
         usage_global_daily_rollup, usage_global_monthly_rollup,
         usage_user_daily_rollup, usage_user_weekly_rollup,
         usage_user_monthly_rollup, usage_user_monthly_activity`,
    );

    const rows: Record<string, string>[] = await manager.query(`
      SELECT (SELECT count(*) FROM usage) AS usage,
             (SELECT count(*) FROM usage_organization_rollup) AS organization,
             (SELECT count(*) FROM usage_global_rollup) AS global,
             (SELECT count(*) FROM usage_user_daily_rollup) AS users`);

    return rows[0];
  });

  return {
    usageRows: toSafeInteger(counts.usage),
    organizationRollupRows: toSafeInteger(counts.organization),
    globalRollupRows: toSafeInteger(counts.global),
    userRollupRows: toSafeInteger(counts.users),
    durationMs: Math.round(performance.now() - started),
  };
}
