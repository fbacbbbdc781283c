import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../common/domain/domain-error';
import { ModelCatalog } from '../../models/application/ports/model-catalog';
import { Model } from '../../models/domain/model';
import { CollectUsageUseCase } from '../../usage/application/collect-usage.use-case';
import { NewRun, Run } from '../domain/run';
import { UnknownModelError } from '../domain/runs.errors';
import { Clock } from './ports/clock';
import {
  InferenceProvider,
  InferenceProviderRegistry,
  InferenceResult,
} from './ports/inference-provider';
import { RunInputDigest } from './ports/run-input-digest';
import { RunRepository } from './ports/run.repository';
import { ReplayRunUseCase } from './replay-run.use-case';
import { StartRunCommand, StartRunResult } from './start-run.command';

interface CompletedInference {
  result: InferenceResult;
  finishedAt: Date;
}

/**
 * Runs one inference for a member and bills it. The run row is inserted
 * before the inference, so exactly one of concurrent requests with the
 * same idempotency key runs and bills. The others replay its run.
 */
@Injectable()
export class StartRunUseCase {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly providers: InferenceProviderRegistry,
    private readonly runs: RunRepository,
    private readonly collectUsage: CollectUsageUseCase,
    private readonly replayRun: ReplayRunUseCase,
    private readonly clock: Clock,
    private readonly inputDigest: RunInputDigest,
  ) {}

  async execute(command: StartRunCommand): Promise<StartRunResult> {
    const model = await this.catalog.findById(command.modelId);
    if (model === null) throw new UnknownModelError(command.modelId);

    const provider = this.providers.forProvider(model.provider);
    const run: NewRun = {
      id: randomUUID(),
      organizationId: command.organizationId,
      userId: command.userId,
      modelId: model.id,
      idempotencyKey: command.idempotencyKey,
      inputDigest:
        command.idempotencyKey === null
          ? null
          : this.inputDigest.of(command.input),
      startedAt: this.clock.now(),
    };
    const inserted = await this.runs.insertUnlessKeyTaken(run);
    if (!inserted) return this.replayRun.execute(command);

    const inference = await this.infer(run, model, provider, command.input);
    const succeeded = await this.bill(run, inference);

    return { run: succeeded, output: inference.result.output, replayed: false };
  }

  private async infer(
    run: NewRun,
    model: Model,
    provider: InferenceProvider,
    input: string,
  ): Promise<CompletedInference> {
    try {
      const result = await provider.complete({
        model: { name: model.name, provider: model.provider },
        input,
      });

      return { result, finishedAt: this.clock.now() };
    } catch (error) {
      // Adapters raise InferenceFailedError; anything else is a bug whose
      // details stay out of the stored message and reach the error log.
      await this.fail(
        run,
        error instanceof DomainError
          ? error.message
          : 'Inference failed with an unexpected error',
      );
      throw error;
    }
  }

  /** Collects the usage, awaited so a stored run is always billed, then marks the run succeeded. */
  private async bill(run: NewRun, inference: CompletedInference): Promise<Run> {
    const { result, finishedAt } = inference;

    let usage;
    try {
      usage = await this.collectUsage.execute({
        organizationId: run.organizationId,
        userId: run.userId,
        modelId: run.modelId,
        inputTokens: result.inputTokens,
        outputTokens: result.outputTokens,
        requestId: run.id,
        occurredAt: finishedAt,
      });
    } catch (error) {
      await this.fail(
        run,
        'Usage collection failed, so the run was not billed',
      );
      throw error;
    }

    return this.runs.markSucceeded(run.id, {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      totalTokens: usage.totalTokens,
      cost: usage.cost,
      currency: usage.currency,
      finishedAt,
      durationMs: finishedAt.getTime() - run.startedAt.getTime(),
    });
  }

  private async fail(run: NewRun, errorMessage: string): Promise<void> {
    const finishedAt = this.clock.now();

    await this.runs.markFailed(run.id, {
      errorMessage,
      finishedAt,
      durationMs: finishedAt.getTime() - run.startedAt.getTime(),
    });
  }
}
