import { Inject, Injectable } from '@nestjs/common';
import { APP_SETTINGS, AppSettings } from '../../../config/app-settings';
import { Run } from '../domain/run';
import {
  IdempotencyKeyReusedError,
  InferenceFailedError,
  RunInProgressError,
} from '../domain/runs.errors';
import { Clock } from './ports/clock';
import { RunRepository } from './ports/run.repository';
import { StartRunCommand, StartRunResult } from './start-run.command';

const POLL_INTERVAL_MS = 100;

/** Time allowed after the inference timeout for collecting usage and storing the run. */
const COLLECTION_ALLOWANCE_MS = 5000;

/**
 * Returns the run that an earlier request with the same idempotency key
 * made, without running or billing anything again. While that run is
 * still running, it polls until the run finishes or could no longer be
 * within the inference timeout, then raises RunInProgressError.
 */
@Injectable()
export class ReplayRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly clock: Clock,
    @Inject(APP_SETTINGS)
    private readonly settings: Pick<AppSettings, 'inferenceTimeoutMs'>,
  ) {}

  async execute(command: StartRunCommand): Promise<StartRunResult> {
    const idempotencyKey = command.idempotencyKey;
    if (idempotencyKey === null) {
      throw new Error('Only a run with an idempotency key can be replayed');
    }

    for (;;) {
      const run = await this.runs.findByIdempotencyKey(
        command.userId,
        idempotencyKey,
      );
      if (run === null) {
        throw new Error(
          `The run of user ${command.userId} with the conflicting idempotency key was not found`,
        );
      }
      // NOTE: prompts are not stored, so a retry with the same key and
      // another input replays the first run instead of raising a conflict.
      if (run.modelId !== command.modelId) {
        throw new IdempotencyKeyReusedError(run.id, run.modelId);
      }
      if (run.status !== 'running') return this.replay(run);

      // NOTE: a run left running by a crashed process stays running, so its
      // key returns RunInProgressError until the run row is fixed by hand.
      if (this.clock.now().getTime() >= this.deadlineOf(run)) {
        throw new RunInProgressError(run.id);
      }
      await this.clock.sleep(POLL_INTERVAL_MS);
    }
  }

  private deadlineOf(run: Run): number {
    return (
      run.startedAt.getTime() +
      this.settings.inferenceTimeoutMs +
      COLLECTION_ALLOWANCE_MS
    );
  }

  private replay(run: Run): StartRunResult {
    if (run.status === 'failed') {
      throw new InferenceFailedError(
        `Run ${run.id} with this Idempotency-Key failed: ${run.errorMessage ?? 'unknown error'}. Send a new Idempotency-Key to try again`,
      );
    }

    return { run, output: null, replayed: true };
  }
}
