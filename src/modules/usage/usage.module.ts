import { Module } from '@nestjs/common';
import { UsageCollectionModule } from './usage-collection.module';
import { UsageDashboardsModule } from './usage-dashboards.module';

@Module({
  imports: [UsageCollectionModule, UsageDashboardsModule],
  exports: [UsageCollectionModule],
})
export class UsageModule {}
