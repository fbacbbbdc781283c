import { Module } from '@nestjs/common';
import { IamModule } from '../iam/iam.module';
import { ModelsModule } from '../models/models.module';
import { CollectUsageUseCase } from './application/collect-usage.use-case';
import { FindCollectedUsageUseCase } from './application/find-collected-usage.use-case';
import { ImportUsageTraceUseCase } from './application/import-usage-trace.use-case';
import { CollectedUsageReader } from './application/ports/collected-usage.reader';
import { UsageRecordRepository } from './application/ports/usage-record.repository';
import { UsageGroupCommit } from './application/usage-group-commit';
import { PostgresCollectedUsageReader } from './infrastructure/postgres-collected-usage.reader';
import { PostgresUsageRecordRepository } from './infrastructure/postgres-usage-record.repository';

/** The write side: collection of usage records, the trace importer and the lookup of a collected record. */
@Module({
  imports: [IamModule, ModelsModule],
  providers: [
    { provide: UsageRecordRepository, useClass: PostgresUsageRecordRepository },
    { provide: CollectedUsageReader, useClass: PostgresCollectedUsageReader },
    {
      provide: UsageGroupCommit,
      useFactory: (records: UsageRecordRepository) =>
        new UsageGroupCommit(records),
      inject: [UsageRecordRepository],
    },
    CollectUsageUseCase,
    ImportUsageTraceUseCase,
    FindCollectedUsageUseCase,
  ],
  exports: [
    CollectUsageUseCase,
    ImportUsageTraceUseCase,
    FindCollectedUsageUseCase,
  ],
})
export class UsageCollectionModule {}
