import { Run } from '../domain/run';

export interface StartRunCommand {
  organizationId: string;
  userId: string;
  modelId: string;
  input: string;
  /** Null when the caller sent no Idempotency-Key header. */
  idempotencyKey: string | null;
}

export interface StartRunResult {
  run: Run;
  /** Null when the run is a replay, because outputs are never stored. */
  output: string | null;
  /** True when an earlier request with the same idempotency key made the run. */
  replayed: boolean;
}
