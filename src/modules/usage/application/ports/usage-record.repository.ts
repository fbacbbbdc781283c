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

/** The result for one draft stored independently of the others in its batch. */
export type UsageDraftOutcome =
  | ({ kind: 'stored' } & StoredUsage)
  | { kind: 'missing_reference'; field: MissingReference['field'] }
  | { kind: 'conflict'; differingFields: string[] };

/**
 * The write side of the usage table. Both methods insert the drafts in the
 * order of (organization_id, request_id), so concurrent batches take their
 * row locks in one order, and retry once on a deadlock or serialization
 * failure. They raise UsageStorageUnavailableError when the database cannot
 * be reached or runs out of a resource (SQLSTATE class 53).
 */
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

  /**
   * Stores each valid draft independently of the others, in one statement
   * that commits before this resolves. A missing reference or a conflict
   * with a stored record rejects only its draft. Request
   * ids must be unique within the batch per organization. Returns one
   * outcome per draft, in order. An error of the insert stores none of
   * them, but one raised later, while reading the records that repeats
   * collided with, leaves the inserted drafts committed.
   */
  abstract storeEach(drafts: UsageDraft[]): Promise<UsageDraftOutcome[]>;
}
