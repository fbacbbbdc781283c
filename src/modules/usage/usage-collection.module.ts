import { Module } from '@nestjs/common';
import { IamModule } from '../iam/iam.module';
import { ModelsModule } from '../models/models.module';
import { CollectUsageUseCase } from './application/collect-usage.use-case';
import { ImportUsageTraceUseCase } from './application/import-usage-trace.use-case';
import { UsageRecordRepository } from './application/ports/usage-record.repository';
import { UsageGroupCommit } from './application/usage-group-commit';
import { PostgresUsageRecordRepository } from './infrastructure/postgres-usage-record.repository';

/** The write side: collection of usage records and the trace importer. */
@Module({
  imports: [IamModule, ModelsModule],
  providers: [
    { provide: UsageRecordRepository, useClass: PostgresUsageRecordRepository },
    {
      provide: UsageGroupCommit,
      useFactory: (records: UsageRecordRepository) =>
        new UsageGroupCommit(records),
      inject: [UsageRecordRepository],
    },
    CollectUsageUseCase,
    ImportUsageTraceUseCase,
  ],
  exports: [CollectUsageUseCase, ImportUsageTraceUseCase],
})
export class UsageCollectionModule {}
