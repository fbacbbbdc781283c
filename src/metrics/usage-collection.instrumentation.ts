import { Injectable, OnModuleInit } from '@nestjs/common';
import { CollectUsageUseCase } from '../modules/usage/application/collect-usage.use-case';
import { ServiceMetrics } from './service-metrics';

/**
 * Counts and times usage collection by wrapping the methods of the one
 * CollectUsageUseCase instance, so every caller in the process (runs,
 * the trace import) is measured without the usage module knowing about metrics. It runs at
 * module init, before the service takes requests.
 */
@Injectable()
export class UsageCollectionInstrumentation implements OnModuleInit {
  constructor(
    private readonly collect: CollectUsageUseCase,
    private readonly metrics: ServiceMetrics,
  ) {}

  onModuleInit(): void {
    const execute = this.collect.execute.bind(this.collect);
    const executeBatch = this.collect.executeBatch.bind(this.collect);

    this.collect.execute = async (command) => {
      const [record] = await this.measure('single', async () => [
        await execute(command),
      ]);

      return record;
    };
    this.collect.executeBatch = (commands) =>
      this.measure('batch', () => executeBatch(commands));
  }

  private async measure<T extends { created: boolean }>(
    operation: 'single' | 'batch',
    collect: () => Promise<T[]>,
  ): Promise<T[]> {
    const stopTimer = this.metrics.usageCollectionDuration.startTimer({
      operation,
    });
    try {
      const records = await collect();
      stopTimer({ result: 'stored' });
      for (const record of records) {
        this.metrics.usageRecordsCollected.inc({
          result: record.created ? 'created' : 'duplicate',
        });
      }

      return records;
    } catch (error) {
      stopTimer({ result: 'rejected' });
      throw error;
    }
  }
}
