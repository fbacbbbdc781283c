import { Module } from '@nestjs/common';
import { CollectUsageUseCase } from './application/collect-usage.use-case';
import { UsageRecordRepository } from './application/ports/usage-record.repository';
import { PostgresUsageRecordRepository } from './infrastructure/postgres-usage-record.repository';

/** The write side: collection of usage records. */
@Module({
  providers: [
    { provide: UsageRecordRepository, useClass: PostgresUsageRecordRepository },
    CollectUsageUseCase,
  ],
  exports: [CollectUsageUseCase, UsageRecordRepository],
})
export class UsageCollectionModule {}
