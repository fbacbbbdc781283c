import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserUsageQuery } from '../application/ports/user-usage.repository';
import { RAW_STATEMENTS } from './raw-postgres-user-usage.repository';
import { userRollupServes } from './rollup-user-source.sql';
import { rollupCostsSql, rollupPageSql } from './rollup-user-usage.sql';
import {
  SqlUserUsageRepository,
  UserUsageStatements,
} from './sql-user-usage.repository';

const ROLLUP_STATEMENTS: UserUsageStatements = {
  page: rollupPageSql,
  costs: rollupCostsSql,
  serialGlobalPage: true,
};

/**
 * Computes the user listings from the monthly, weekly and daily user
 * rollups, with raw rows for the partial days of a range. The rollups have
 * no model or provider, so a listing filtered by either reads raw rows.
 * Every result equals RawPostgresUserUsageRepository's.
 */
@Injectable()
export class PostgresUserUsageRepository extends SqlUserUsageRepository {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource);
  }

  protected statementsFor(query: UserUsageQuery): UserUsageStatements {
    return userRollupServes(query.filters) ? ROLLUP_STATEMENTS : RAW_STATEMENTS;
  }
}
