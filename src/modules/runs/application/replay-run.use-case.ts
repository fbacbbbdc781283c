import { Inject, Injectable } from '@nestjs/common';
import { APP_SETTINGS, AppSettings } from '../../../config/app-settings';
import { FindCollectedUsageUseCase } from '../../usage/application/find-collected-usage.use-case';
import { Run } from '../domain/run';
import {
  IdempotencyKeyReusedError,
  InferenceFailedError,
  RunInProgressError,
} from '../domain/runs.errors';
import { Clock } from './ports/clock';
import { RunInputDigest } from './ports/run-input-digest';
import { RunRepository } from './ports/run.repository';
import { StartRunCommand, StartRunResult } from './start-run.command';

const POLL_INTERVAL_MS = 100;

/** Time allowed after the inference timeout for collecting usage and storing the run. */
const COLLECTION_ALLOWANCE_MS = 5000;

/**
 * Time after the inference timeout from which a run still marked running
 * is taken as interrupted: its process crashed, or the database failed
 * while it stored the usage or the run. By then any collection of it has
 * ended, because the pool waits at most 5 s for a connection and a
 * statement runs at most 30 s, once more after a deadlock.
 */
export const INTERRUPTED_AFTER_MS = 120_000;

export const INTERRUPTED_MESSAGE =
  'The run was interrupted before it finished, and no usage was stored for it, so it was not billed';

/**
 * Returns the run that an earlier request with the same idempotency key
 * made, without running or billing anything again. While that run is
 * still running, it polls until the run finishes or could no longer be
 * within the inference timeout, then raises RunInProgressError. Once the
 * run is older than INTERRUPTED_AFTER_MS past the timeout, it settles it:
 * succeeded if its usage was stored, failed if not.
 */
@Injectable()
export class ReplayRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly clock: Clock,
    @Inject(APP_SETTINGS)
    private readonly settings: Pick<AppSettings, 'inferenceTimeoutMs'>,
    private readonly inputDigest: RunInputDigest,
    private readonly collectedUsage: FindCollectedUsageUseCase,
  ) {}

  async execute(command: StartRunCommand): Promise<StartRunResult> {
    const idempotencyKey = command.idempotencyKey;
    if (idempotencyKey === null) {
      throw new Error('Only a run with an idempotency key can be replayed');
    }

    const inputDigest = this.inputDigest.of(command.input);
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
      if (!isSameRequest(run, command, inputDigest)) {
        throw new IdempotencyKeyReusedError(run.id, run.modelId);
      }
      if (run.status !== 'running') return this.replay(run);

      const now = this.clock.now();
      if (now.getTime() >= this.afterTimeout(run, INTERRUPTED_AFTER_MS)) {
        return this.replay(await this.settle(run, now));
      }
      if (now.getTime() >= this.afterTimeout(run, COLLECTION_ALLOWANCE_MS)) {
        throw new RunInProgressError(run.id);
      }
      await this.clock.sleep(POLL_INTERVAL_MS);
    }
  }

  /** Returns the time, in ms since the epoch, `allowanceMs` after the run's inference timeout. */
  private afterTimeout(run: Run, allowanceMs: number): number {
    return (
      run.startedAt.getTime() + this.settings.inferenceTimeoutMs + allowanceMs
    );
  }

  /**
   * Finishes an interrupted run: succeeded with the figures of its usage
   * record when one was stored, so a billed run is never reported
   * unbilled, else failed. Collection stores a run's record under the run
   * id as its request id.
   */
  private async settle(run: Run, now: Date): Promise<Run> {
    const usage = await this.collectedUsage.execute(run.organizationId, run.id);
    if (usage === null) {
      return this.runs.finishIfRunning(run.id, {
        status: 'failed',
        failure: {
          errorMessage: INTERRUPTED_MESSAGE,
          finishedAt: now,
          durationMs: now.getTime() - run.startedAt.getTime(),
        },
      });
    }

    return this.runs.finishIfRunning(run.id, {
      status: 'succeeded',
      success: {
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        totalTokens: usage.totalTokens,
        cost: usage.cost,
        currency: usage.currency,
        finishedAt: usage.createdAt,
        durationMs: usage.createdAt.getTime() - run.startedAt.getTime(),
      },
    });
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

/**
 * Checks that a retry requests what the run was started with. Prompts are
 * not stored, so the input is compared by its digest. A run stored before
 * inputs had digests is compared by model only.
 */
function isSameRequest(
  run: Run,
  command: StartRunCommand,
  inputDigest: string,
): boolean {
  return (
    run.modelId === command.modelId &&
    (run.inputDigest === null || run.inputDigest === inputDigest)
  );
}
