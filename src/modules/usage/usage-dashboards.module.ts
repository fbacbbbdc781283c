import { Module } from '@nestjs/common';
import { IamModule } from '../iam/iam.module';
import {
  GetGlobalModelDistributionUseCase,
  GetModelDistributionUseCase,
} from './application/get-model-distribution.use-case';
import {
  GetGlobalProviderChartUseCase,
  GetProviderChartUseCase,
} from './application/get-provider-chart.use-case';
import {
  GetGlobalProviderUsageUseCase,
  GetProviderUsageUseCase,
} from './application/get-provider-usage.use-case';
import {
  GetGlobalUsageStatsUseCase,
  GetUsageStatsUseCase,
} from './application/get-usage-stats.use-case';
import { GetGlobalUserUsageUseCase } from './application/get-global-user-usage.use-case';
import { GetUserUsageUseCase } from './application/get-user-usage.use-case';
import { TimeZoneCatalog } from './application/ports/time-zone-catalog';
import { UsageRepository } from './application/ports/usage.repository';
import { UserUsageRepository } from './application/ports/user-usage.repository';
import { UsageQueryResolver } from './application/usage-query.resolver';
import { PostgresTimeZoneCatalog } from './infrastructure/postgres-time-zone.catalog';
import { PostgresUsageRepository } from './infrastructure/postgres-usage.repository';
import { PostgresUserUsageRepository } from './infrastructure/postgres-user-usage.repository';
import { SuperAdminGlobalUsageController } from './presenters/http/super-admin-global-usage.controller';
import { SuperAdminUsageDataController } from './presenters/http/super-admin-usage-data.controller';
import { SuperAdminUsageController } from './presenters/http/super-admin-usage.controller';
import { UsageController } from './presenters/http/usage.controller';

/** The read side: the dashboard routes of org admins and super admins. */
@Module({
  imports: [IamModule],
  controllers: [
    UsageController,
    SuperAdminUsageController,
    SuperAdminUsageDataController,
    SuperAdminGlobalUsageController,
  ],
  providers: [
    { provide: UsageRepository, useClass: PostgresUsageRepository },
    { provide: TimeZoneCatalog, useClass: PostgresTimeZoneCatalog },
    { provide: UserUsageRepository, useClass: PostgresUserUsageRepository },
    UsageQueryResolver,
    GetUsageStatsUseCase,
    GetGlobalUsageStatsUseCase,
    GetProviderUsageUseCase,
    GetGlobalProviderUsageUseCase,
    GetProviderChartUseCase,
    GetGlobalProviderChartUseCase,
    GetModelDistributionUseCase,
    GetGlobalModelDistributionUseCase,
    GetUserUsageUseCase,
    GetGlobalUserUsageUseCase,
  ],
  exports: [UsageQueryResolver],
})
export class UsageDashboardsModule {}
