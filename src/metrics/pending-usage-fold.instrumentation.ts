import { Injectable, OnModuleInit } from '@nestjs/common';
import { PendingUsageFolder } from '../modules/usage/application/ports/pending-usage.folder';
import { ServiceMetrics } from './service-metrics';

/**
 * Counts and times the folds of pending usage by wrapping the fold method
 * of the one PendingUsageFolder instance, as UsageCollectionInstrumentation
 * wraps collection. Records collected minus records folded, summed over
 * the service processes, approximates the number still pending: rows
 * inserted by other means, such as SQL, count only when folded.
 */
@Injectable()
export class PendingUsageFoldInstrumentation implements OnModuleInit {
  constructor(
    private readonly folder: PendingUsageFolder,
    private readonly metrics: ServiceMetrics,
  ) {}

  onModuleInit(): void {
    const fold = this.folder.fold.bind(this.folder);

    this.folder.fold = async (maxRecords) => {
      const stopTimer = this.metrics.usageFoldDuration.startTimer();
      try {
        const folded = await fold(maxRecords);
        stopTimer({ result: folded > 0 ? 'folded' : 'empty' });
        this.metrics.usageRecordsFolded.inc(folded);

        return folded;
      } catch (error) {
        stopTimer({ result: 'failed' });
        throw error;
      }
    };
  }
}
