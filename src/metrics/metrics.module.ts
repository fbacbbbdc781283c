import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { UsageModule } from '../modules/usage/usage.module';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { PendingUsageFoldInstrumentation } from './pending-usage-fold.instrumentation';
import { ServiceMetrics } from './service-metrics';
import { UsageCollectionInstrumentation } from './usage-collection.instrumentation';

/** Prometheus metrics: HTTP, usage collection and folds, the database pool, the process. */
@Module({
  imports: [UsageModule],
  controllers: [MetricsController],
  providers: [
    ServiceMetrics,
    DatabasePoolMetrics,
    UsageCollectionInstrumentation,
    PendingUsageFoldInstrumentation,
  ],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Named wildcard, as the path-to-regexp of NestJS 11 requires.
    consumer.apply(HttpMetricsMiddleware).forRoutes('{*path}');
  }
}
