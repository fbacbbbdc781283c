export type RunStatus = 'running' | 'succeeded' | 'failed';

/**
 * One inference run. It stores metadata only: the prompt and the output
 * are never persisted.
 */
export interface Run {
  id: string;
  organizationId: string;
  userId: string;
  modelId: string;
  /** Unique per user; a retry with the same key returns this run. */
  idempotencyKey: string | null;
  /**
   * Fingerprint of the input, set with an idempotency key, so that a retry
   * with the key and another input is rejected. Null for runs stored before
   * inputs were fingerprinted.
   */
  inputDigest: string | null;
  status: RunStatus;
  /** Token counts and cost are set when the run succeeds. */
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  /** Decimal string of the cost in `currency`; null for an unpriced model. */
  cost: string | null;
  currency: string | null;
  errorMessage: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

export interface NewRun {
  id: string;
  organizationId: string;
  userId: string;
  modelId: string;
  idempotencyKey: string | null;
  inputDigest: string | null;
  startedAt: Date;
}

export interface RunSuccess {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cost: string | null;
  currency: string;
  finishedAt: Date;
  durationMs: number;
}

export interface RunFailure {
  errorMessage: string;
  finishedAt: Date;
  durationMs: number;
}

/** The end of a run: succeeded with its usage, or failed with an error. */
export type RunOutcome =
  | { status: 'succeeded'; success: RunSuccess }
  | { status: 'failed'; failure: RunFailure };
