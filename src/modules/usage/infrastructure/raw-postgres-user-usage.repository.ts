import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { costsSql, pageSql } from './raw-user-usage.sql';
import {
  SqlUserUsageRepository,
  UserUsageStatements,
} from './sql-user-usage.repository';

const RAW_STATEMENTS: UserUsageStatements = { page: pageSql, costs: costsSql };

/**
 * Computes the user listings from the raw rows of the usage table. It is
 * the reference that the rollup-backed PostgresUserUsageRepository must
 * match.
 */
@Injectable()
export class RawPostgresUserUsageRepository extends SqlUserUsageRepository {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource);
  }

  protected statementsFor(): UserUsageStatements {
    return RAW_STATEMENTS;
  }
}
