import { Module } from '@nestjs/common';
import { UsageCollectionModule } from './usage-collection.module';
import { UsageDashboardsModule } from './usage-dashboards.module';
import { UsageExportModule } from './usage-export.module';

@Module({
  imports: [UsageCollectionModule, UsageDashboardsModule, UsageExportModule],
  exports: [UsageCollectionModule],
})
export class UsageModule {}
