import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { modelRankingSql } from './raw-usage-model-ranking.sql';
import { providerBucketsSql } from './raw-usage-time-series.sql';
import {
  providerTotalsSql,
  timeBoundsSql,
  totalsSql,
} from './raw-usage-totals.sql';
import { SqlUsageRepository, UsageStatements } from './sql-usage.repository';
import { rawStatsSql } from './usage-stats.sql';

/**
 * Computes every dashboard query from the raw rows of the usage table. It
 * is the reference that the rollup-backed PostgresUsageRepository must
 * match, and the baseline of the benchmark.
 */
@Injectable()
export class RawPostgresUsageRepository extends SqlUsageRepository {
  protected readonly statements: UsageStatements = {
    timeBounds: timeBoundsSql,
    totals: totalsSql,
    providerTotals: providerTotalsSql,
    providerBuckets: providerBucketsSql,
    modelRanking: modelRankingSql,
    stats: rawStatsSql,
  };

  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource);
  }
}
