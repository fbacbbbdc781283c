import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_SETTINGS, AppSettings } from './config/app-settings';
import { DashboardModule } from './dashboard/dashboard.module';
import { buildDataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { buildLoggerModule } from './logging/logger.module';
import { MetricsModule } from './metrics/metrics.module';
import { IamModule } from './modules/iam/iam.module';
import { ModelsModule } from './modules/models/models.module';
import { RunsModule } from './modules/runs/runs.module';
import { UsageModule } from './modules/usage/usage.module';
import { StartupModule } from './startup/startup.module';

@Global()
@Module({})
class SettingsModule {
  static forRoot(settings: AppSettings): DynamicModule {
    return {
      module: SettingsModule,
      providers: [{ provide: APP_SETTINGS, useValue: settings }],
      exports: [APP_SETTINGS],
    };
  }
}

/** The whole service, built from settings resolved at boot. */
@Module({})
export class AppModule {
  static forRoot(settings: AppSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(settings),
        buildLoggerModule(settings),
        TypeOrmModule.forRoot(buildDataSourceOptions(settings.databaseUrl)),
        HealthModule,
        IamModule,
        ModelsModule,
        RunsModule,
        UsageModule,
        MetricsModule,
        StartupModule,
        DashboardModule,
      ],
    };
  }
}
