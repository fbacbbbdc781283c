import { formatAmount } from '../../../common/domain/money';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import {
  MissingReference,
  StoredUsage,
  StoreUsageResult,
  UsageDraftOutcome,
} from '../application/ports/usage-record.repository';
import { UsageDraft } from '../domain/usage-draft';
import { differingFields, UsageRecord } from '../domain/usage-record';
import { RequestIdConflictError } from '../domain/usage.errors';

/** A usage row as node-postgres returns it: bigint columns are strings. */
export interface UsageRow {
  id: string;
  organization_id: string;
  user_id: string | null;
  model_id: string;
  provider: string;
  model_name: string;
  input_tokens: string;
  output_tokens: string;
  total_tokens: string;
  cost: string | null;
  currency: string;
  request_id: string;
  created_at: Date;
}

/** The columns of an inserted row that the database set rather than the draft. */
type InsertedColumns = Pick<
  UsageRow,
  'id' | 'provider' | 'model_name' | 'cost' | 'currency' | 'created_at'
>;

/** A row of INSERT_USAGE_BATCH: the inserted columns are null when nothing was inserted. */
export type CheckedRow = {
  [column in keyof InsertedColumns]: InsertedColumns[column] | null;
} & {
  position: string;
  organization_found: boolean;
  model_found: boolean;
  user_found: boolean;
};

export function toRecord(row: UsageRow): UsageRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    modelId: row.model_id,
    provider: row.provider,
    modelName: row.model_name,
    inputTokens: toSafeInteger(row.input_tokens),
    outputTokens: toSafeInteger(row.output_tokens),
    totalTokens: toSafeInteger(row.total_tokens),
    cost: row.cost === null ? null : formatAmount(row.cost),
    currency: row.currency,
    requestId: row.request_id,
    createdAt: row.created_at,
  };
}

/**
 * Builds the record that INSERT_USAGE_BATCH inserted for a draft. The draft
 * is normalized and valid, so its ids, request id and token counts are the
 * stored values, and the total is their sum as the insert computes it.
 */
function insertedRecord(draft: UsageDraft, row: InsertedColumns): UsageRecord {
  return {
    id: row.id,
    organizationId: draft.organizationId,
    userId: draft.userId,
    modelId: draft.modelId,
    provider: row.provider,
    modelName: row.model_name,
    inputTokens: draft.inputTokens,
    outputTokens: draft.outputTokens,
    totalTokens: draft.inputTokens + draft.outputTokens,
    cost: row.cost === null ? null : formatAmount(row.cost),
    currency: row.currency,
    requestId: draft.requestId,
    createdAt: row.created_at,
  };
}

export function missingReferenceOf(
  row: CheckedRow,
): MissingReference['field'] | undefined {
  if (!row.organization_found) return 'organizationId';
  if (!row.model_found) return 'modelId';
  if (!row.user_found) return 'userId';

  return undefined;
}

export const keyOf = (organizationId: string, requestId: string) =>
  `${organizationId} ${requestId}`;

/**
 * Turns the row that INSERT_USAGE_BATCH returned for a draft into its
 * outcome. `existing` maps keyOf(organization id, request id) to the
 * stored records that skipped drafts collided with.
 */
export function outcomeOf(
  draft: UsageDraft,
  row: CheckedRow,
  existing: Map<string, UsageRecord>,
): UsageDraftOutcome {
  const missing = missingReferenceOf(row);
  if (missing !== undefined)
    return { kind: 'missing_reference', field: missing };
  if (row.id !== null) {
    return {
      kind: 'stored',
      record: insertedRecord(draft, row as InsertedColumns),
      created: true,
    };
  }

  const record = existing.get(keyOf(draft.organizationId, draft.requestId));
  if (record === undefined) {
    throw new Error(
      `Usage with request id ${draft.requestId} collided on insert but was not found afterwards`,
    );
  }

  const fields = differingFields(draft, record);
  if (fields.length > 0) return { kind: 'conflict', differingFields: fields };

  return { kind: 'stored', record, created: false };
}

/**
 * Lists every missing reference. When there is none, throws
 * RequestIdConflictError for the first conflict, so only a batch without
 * either counts as stored.
 */
export function toStoreResult(
  drafts: UsageDraft[],
  outcomes: UsageDraftOutcome[],
): StoreUsageResult {
  const missing = outcomes.flatMap((outcome, position): MissingReference[] =>
    outcome.kind === 'missing_reference'
      ? [{ position, field: outcome.field }]
      : [],
  );
  if (missing.length > 0) return { kind: 'missing_references', missing };

  const records: StoredUsage[] = [];
  outcomes.forEach((outcome, position) => {
    if (outcome.kind === 'conflict') {
      throw new RequestIdConflictError(
        drafts[position].requestId,
        outcome.differingFields,
      );
    }
    if (outcome.kind === 'stored') {
      records.push({ record: outcome.record, created: outcome.created });
    }
  });

  return { kind: 'stored', records };
}
