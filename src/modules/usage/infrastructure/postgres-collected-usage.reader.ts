import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CollectedUsageReader } from '../application/ports/collected-usage.reader';
import { UsageRecord } from '../domain/usage-record';
import { toRecord, UsageRow } from './usage-record.rows';
import { SELECT_USAGE_BY_REQUEST_IDS } from './usage-record.sql';

/** Looks records up on the primary key of `usage`, (organization_id, request_id). */
@Injectable()
export class PostgresCollectedUsageReader extends CollectedUsageReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async findByRequestId(
    organizationId: string,
    requestId: string,
  ): Promise<UsageRecord | null> {
    const rows = await this.dataSource.query<UsageRow[]>(
      SELECT_USAGE_BY_REQUEST_IDS,
      [[organizationId], [requestId]],
    );

    return rows.length === 0 ? null : toRecord(rows[0]);
  }
}
