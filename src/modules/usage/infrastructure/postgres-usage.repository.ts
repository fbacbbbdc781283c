import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rollupModelRankingSql } from './rollup-usage-model-ranking.sql';
import { rollupStatsSql } from './rollup-usage-stats.sql';
import { rollupProviderBucketsSql } from './rollup-usage-time-series.sql';
import {
  rollupProviderTotalsSql,
  rollupTimeBoundsSql,
  rollupTotalsSql,
} from './rollup-usage-totals.sql';
import { SqlUsageRepository, UsageStatements } from './sql-usage.repository';

/**
 * Computes the dashboard queries from the usage rollups, which triggers on
 * the usage table keep current. Whole UTC days, hours and 15-minute
 * buckets come from the daily, hourly and 15-minute organization or
 * global rollups, and distinct users from the daily user rollup. The
 * partial edges of a range come from raw rows. Every result equals
 * RawPostgresUsageRepository's.
 */
@Injectable()
export class PostgresUsageRepository extends SqlUsageRepository {
  protected readonly statements: UsageStatements = {
    timeBounds: rollupTimeBoundsSql,
    totals: rollupTotalsSql,
    providerTotals: rollupProviderTotalsSql,
    providerBuckets: rollupProviderBucketsSql,
    modelRanking: rollupModelRankingSql,
    stats: rollupStatsSql,
  };

  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource);
  }
}
