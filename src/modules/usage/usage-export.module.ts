import { Module } from '@nestjs/common';
import { ExportUsageUseCase } from './application/export-usage.use-case';
import { UsageExportReader } from './application/ports/usage-export.reader';
import { PostgresUsageExportReader } from './infrastructure/postgres-usage-export.reader';
import { UsageExportController } from './presenters/http/usage-export.controller';
import { UsageDashboardsModule } from './usage-dashboards.module';

/** The export routes: raw usage records as CSV or NDJSON downloads. */
@Module({
  imports: [UsageDashboardsModule],
  controllers: [UsageExportController],
  providers: [
    { provide: UsageExportReader, useClass: PostgresUsageExportReader },
    ExportUsageUseCase,
  ],
})
export class UsageExportModule {}
