import { Module } from '@nestjs/common';
import { IamModule } from '../iam/iam.module';
import { ModelsModule } from '../models/models.module';
import { CollectUsageUseCase } from './application/collect-usage.use-case';
import { FindCollectedUsageUseCase } from './application/find-collected-usage.use-case';
import { FoldPendingUsageJob } from './infrastructure/fold-pending-usage.job';
import { ImportUsageTraceUseCase } from './application/import-usage-trace.use-case';
import { CollectedUsageReader } from './application/ports/collected-usage.reader';
import { PendingUsageFolder } from './application/ports/pending-usage.folder';
import { UsageRecordRepository } from './application/ports/usage-record.repository';
import { UsageGroupCommit } from './application/usage-group-commit';
import { PostgresCollectedUsageReader } from './infrastructure/postgres-collected-usage.reader';
import { PostgresPendingUsageFolder } from './infrastructure/postgres-pending-usage.folder';
import { PostgresUsageRecordRepository } from './infrastructure/postgres-usage-record.repository';

/**
 * The write side: collection of usage records, the folds of pending usage
 * into the rollups, the trace importer and the lookup of a collected record.
 */
@Module({
  imports: [IamModule, ModelsModule],
  providers: [
    { provide: UsageRecordRepository, useClass: PostgresUsageRecordRepository },
    { provide: CollectedUsageReader, useClass: PostgresCollectedUsageReader },
    { provide: PendingUsageFolder, useClass: PostgresPendingUsageFolder },
    {
      provide: UsageGroupCommit,
      useFactory: (records: UsageRecordRepository) =>
        new UsageGroupCommit(records),
      inject: [UsageRecordRepository],
    },
    CollectUsageUseCase,
    ImportUsageTraceUseCase,
    FindCollectedUsageUseCase,
    FoldPendingUsageJob,
  ],
  exports: [
    CollectUsageUseCase,
    ImportUsageTraceUseCase,
    FindCollectedUsageUseCase,
    PendingUsageFolder,
  ],
})
export class UsageCollectionModule {}
