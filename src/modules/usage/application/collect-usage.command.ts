/** One inference's usage, as the runs module or an importer reports it. */
export interface CollectUsageCommand {
  organizationId: string;
  /** Null for usage that no user of the organization made (a service account). */
  userId: string | null;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  /** Optional; when given it must equal inputTokens + outputTokens. */
  totalTokens?: number;
  /** Idempotency key, unique per organization: a repeat returns the stored record. */
  requestId: string;
  /** When the inference was served; defaults to the time of collection. */
  occurredAt?: Date;
}

/** A stored usage record. */
export interface CollectedUsage {
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
  createdAt: Date;
  /** False when an earlier collection with the same request id stored the record. */
  created: boolean;
}
