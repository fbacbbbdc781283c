import { Module } from '@nestjs/common';
import { CollectUsageUseCase } from './application/collect-usage.use-case';

/** The write side: collection of usage records. */
@Module({
  providers: [CollectUsageUseCase],
  exports: [CollectUsageUseCase],
})
export class UsageCollectionModule {}
