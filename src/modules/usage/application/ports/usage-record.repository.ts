import { UsageDraft } from '../../domain/usage-draft';
import { UsageRecord } from '../../domain/usage-record';

/** A reference of one draft that names no existing row. */
export interface MissingReference {
  /** Index of the draft in the batch. */
  position: number;
  field: 'organizationId' | 'modelId' | 'userId';
}

/** A stored record and whether this call inserted it. */
export interface StoredUsage {
  record: UsageRecord;
  created: boolean;
}

export type StoreUsageResult =
  | { kind: 'stored'; records: StoredUsage[] }
  | { kind: 'missing_references'; missing: MissingReference[] };

/** The write side of the usage table. */
export abstract class UsageRecordRepository {
  /**
   * Prices and stores valid drafts in one transaction, copying provider,
   * model name, prices and currency from the catalog. Request ids must be
   * unique within the batch per organization. A draft whose request id is
   * already stored keeps the stored record (created: false). Stores nothing
   * when a reference is missing, and throws RequestIdConflictError, storing
   * nothing, when a stored record differs from its draft.
   */
  abstract store(drafts: UsageDraft[]): Promise<StoreUsageResult>;
}
