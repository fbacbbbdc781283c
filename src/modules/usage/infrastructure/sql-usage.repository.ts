import { DataSource } from 'typeorm';
import { PreparedStatements } from '../../../common/persistence/prepared-statements';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import { UsageRepository } from '../application/ports/usage.repository';
import { UsageFilters, UsageQuery } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { UsageScope } from '../domain/usage-scope';
import { ProviderTimeSeries } from '../domain/provider-time-series';
import {
  ModelRanking,
  ProviderUsage,
  UsageSummary,
  UsageTotals,
} from '../domain/usage-totals';
import {
  BucketRow,
  formatCosts,
  ModelRow,
  ProviderRow,
  StatsRow,
  toModelRanking,
  toProviderTimeSeries,
  toUsageTotals,
  TotalsRow,
} from './postgres-usage.rows';
import { BoundSql, userCountSql } from './raw-usage-totals.sql';

/** The statements behind each dashboard query. */
export interface UsageStatements {
  timeBounds(scope: UsageScope, filters: UsageFilters): BoundSql;
  totals(query: UsageQuery): BoundSql;
  providerTotals(query: UsageQuery): BoundSql;
  providerBuckets(query: UsageQuery, range: UsageRange): BoundSql;
  modelRanking(query: UsageQuery, limit: number): BoundSql;
  /** One row of StatsRow: totals, user count and the names of the first `modelLimit` models. */
  stats(query: UsageQuery, modelLimit: number): BoundSql;
}

/**
 * Runs the dashboard queries as raw SQL, so sums and ranking happen in
 * PostgreSQL, and maps their rows. Subclasses choose the statements.
 */
export abstract class SqlUsageRepository extends UsageRepository {
  protected abstract readonly statements: UsageStatements;

  private readonly prepared: PreparedStatements;

  constructor(dataSource: DataSource) {
    super();
    this.prepared = new PreparedStatements(dataSource);
  }

  async findTimeBounds(
    scope: UsageScope,
    filters: UsageFilters,
  ): Promise<UsageRange | null> {
    const [row] = await this.run<{ start: Date | null; end: Date | null }>(
      this.statements.timeBounds(scope, filters),
    );
    if (row.start === null || row.end === null) return null;

    return { start: row.start, end: row.end };
  }

  async sumTotals(query: UsageQuery): Promise<UsageTotals> {
    return toUsageTotals(
      await this.run<TotalsRow>(this.statements.totals(query)),
    );
  }

  async countUsers(scope: UsageScope): Promise<number> {
    const [row] = await this.run<{ count: string }>(userCountSql(scope));

    return toSafeInteger(row.count);
  }

  async sumByProvider(query: UsageQuery): Promise<ProviderUsage[]> {
    const rows = await this.run<ProviderRow>(
      this.statements.providerTotals(query),
    );

    return rows.map((row) => ({
      provider: row.provider,
      tokens: toSafeInteger(row.tokens),
      requests: toSafeInteger(row.requests),
      costs: formatCosts(row.costs),
    }));
  }

  async sumByProviderAndBucket(query: UsageQuery): Promise<ProviderTimeSeries> {
    const range = query.range;
    if (range === null || range.start >= range.end) {
      return { bucketStarts: [], points: [] };
    }

    const rows = await this.run<BucketRow>(
      this.statements.providerBuckets(query, range),
    );

    return toProviderTimeSeries(rows);
  }

  async rankModels(query: UsageQuery, limit: number): Promise<ModelRanking> {
    return toModelRanking(
      await this.run<ModelRow>(this.statements.modelRanking(query, limit)),
    );
  }

  async summarize(
    query: UsageQuery,
    modelLimit: number,
  ): Promise<UsageSummary> {
    const [row] = await this.run<StatsRow>(
      this.statements.stats(query, modelLimit),
    );

    return {
      totals: toUsageTotals(row.totals),
      userCount: toSafeInteger(row.user_count),
      topModels: row.top_models,
    };
  }

  private run<Row extends object>(sql: BoundSql): Promise<Row[]> {
    return this.prepared.query<Row>(sql.text, sql.values);
  }
}
