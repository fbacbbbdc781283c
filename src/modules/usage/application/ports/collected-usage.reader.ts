import { UsageRecord } from '../../domain/usage-record';

/** Reads stored usage records by the key that collection stores them under. */
export abstract class CollectedUsageReader {
  /** Returns the record of an organization stored under a request id, or null. */
  abstract findByRequestId(
    organizationId: string,
    requestId: string,
  ): Promise<UsageRecord | null>;
}
