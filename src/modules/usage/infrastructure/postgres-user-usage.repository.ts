import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserUsageQuery } from '../application/ports/user-usage.repository';
import { UserUsageTotals } from '../domain/user-usage';
import { RAW_STATEMENTS } from './raw-postgres-user-usage.repository';
import { pageSql } from './raw-user-usage.sql';
import { PostgresUserTokenRanking } from './postgres-user-token-ranking';
import { userRollupServes } from './rollup-user-source.sql';
import {
  rollupCostsSql,
  rollupLastActivity,
  rollupPageSql,
} from './rollup-user-usage.sql';
import {
  SqlUserUsageRepository,
  UserUsageStatements,
} from './sql-user-usage.repository';

const ROLLUP_STATEMENTS: UserUsageStatements = {
  page: rollupPageSql,
  costs: rollupCostsSql,
  serialGlobalPage: true,
};

// Statements of listings filtered by model or provider: raw sums, and the
// latest request from the folds' table, because usage has no index by user.
const FILTERED_STATEMENTS: UserUsageStatements = {
  ...RAW_STATEMENTS,
  page: (query) => pageSql(query, undefined, rollupLastActivity),
};

/**
 * Computes the user listings from the monthly, weekly and daily user
 * rollups, with raw rows for the partial days of a range. A global
 * listing by tokens, descending, sums only the users who can reach its
 * page (see PostgresUserTokenRanking). The rollups have
 * no model or provider, so a listing filtered by either sums raw rows.
 * Every result equals RawPostgresUserUsageRepository's.
 */
@Injectable()
export class PostgresUserUsageRepository
  extends SqlUserUsageRepository
  implements OnApplicationShutdown
{
  private readonly ranking: PostgresUserTokenRanking;

  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource);
    this.ranking = new PostgresUserTokenRanking(dataSource);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ranking.close();
  }

  protected statementsFor(query: UserUsageQuery): UserUsageStatements {
    return userRollupServes(query.filters)
      ? ROLLUP_STATEMENTS
      : FILTERED_STATEMENTS;
  }

  /**
   * Ranks a global listing by tokens without summing every user where the
   * ranking can prove its page, and sums every user otherwise.
   */
  protected override async findRows(
    query: UserUsageQuery,
  ): Promise<UserUsageTotals[]> {
    if (PostgresUserTokenRanking.serves(query)) {
      const rows = await this.ranking.findPage(query);
      if (rows !== null) return rows;
    }

    return super.findRows(query);
  }
}
