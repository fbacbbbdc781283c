import { Injectable } from '@nestjs/common';
import { UsageRecord } from '../domain/usage-record';
import { CollectedUsageReader } from './ports/collected-usage.reader';

/**
 * Finds the record that a collection stored, by the organization and the
 * request id it was collected with, so a caller can tell whether a
 * collection it lost track of was committed.
 */
@Injectable()
export class FindCollectedUsageUseCase {
  constructor(private readonly reader: CollectedUsageReader) {}

  execute(
    organizationId: string,
    requestId: string,
  ): Promise<UsageRecord | null> {
    return this.reader.findByRequestId(organizationId, requestId);
  }
}
