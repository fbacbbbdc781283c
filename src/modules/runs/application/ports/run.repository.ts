import {
  NewRun,
  Run,
  RunFailure,
  RunOutcome,
  RunSuccess,
} from '../../domain/run';

export abstract class RunRepository {
  /**
   * Inserts a running run unless the user already has a run with its
   * idempotency key. Returns false when the key is taken, in which case
   * nothing is written.
   */
  abstract insertUnlessKeyTaken(run: NewRun): Promise<boolean>;

  abstract findByIdempotencyKey(
    userId: string,
    idempotencyKey: string,
  ): Promise<Run | null>;

  /** Returns null for an unknown run or a run of another organization. */
  abstract findInOrganization(
    runId: string,
    organizationId: string,
  ): Promise<Run | null>;

  abstract markSucceeded(runId: string, success: RunSuccess): Promise<Run>;

  abstract markFailed(runId: string, failure: RunFailure): Promise<Run>;

  /**
   * Finishes a run that is still running with `outcome`. A run that
   * finished meanwhile is returned as it is.
   */
  abstract finishIfRunning(runId: string, outcome: RunOutcome): Promise<Run>;
}
