import { UsageDraft } from './usage-draft';

/** A stored usage record, priced with the catalog as it was at collection. */
export interface UsageRecord {
  id: string;
  organizationId: string;
  userId: string | null;
  modelId: string;
  provider: string;
  /** The model's catalog name at the time of collection. */
  modelName: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Decimal string without trailing zeros, or null when the model has no price. */
  cost: string | null;
  currency: string;
  requestId: string;
  /** When the inference was served. */
  createdAt: Date;
}

/**
 * Names the fields in which a repeated draft differs from the record its
 * request id already stored. The time counts only when the draft gives one,
 * because a retry without a time means "now" and still is the same request.
 * Ids are compared as given, so drafts carry them in lower case.
 */
export function differingFields(
  draft: UsageDraft,
  stored: UsageRecord,
): string[] {
  const fields: string[] = [];

  if (draft.userId !== stored.userId) fields.push('userId');
  if (draft.modelId !== stored.modelId) fields.push('modelId');
  if (draft.inputTokens !== stored.inputTokens) fields.push('inputTokens');
  if (draft.outputTokens !== stored.outputTokens) fields.push('outputTokens');
  if (
    draft.occurredAt !== undefined &&
    draft.occurredAt.getTime() !== stored.createdAt.getTime()
  ) {
    fields.push('occurredAt');
  }

  return fields;
}
