import { Injectable } from '@nestjs/common';
import { CollectedUsage, CollectUsageCommand } from './collect-usage.command';

/**
 * Validates and stores one usage record; resolves only after it is
 * committed. A repeat of the same request id returns the stored record.
 */
@Injectable()
export class CollectUsageUseCase {
  async execute(_command: CollectUsageCommand): Promise<CollectedUsage> {
    throw new Error('CollectUsageUseCase is being built');
  }
}
