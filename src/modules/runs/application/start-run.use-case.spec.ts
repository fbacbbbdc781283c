import { Model } from '../../models/domain/model';
import { ModelCatalog } from '../../models/application/ports/model-catalog';
import {
  CollectedUsage,
  CollectUsageCommand,
} from '../../usage/application/collect-usage.command';
import { CollectUsageUseCase } from '../../usage/application/collect-usage.use-case';
import { UsageRecord } from '../../usage/domain/usage-record';
import { FindCollectedUsageUseCase } from '../../usage/application/find-collected-usage.use-case';
import { NewRun, Run, RunFailure, RunOutcome, RunSuccess } from '../domain/run';
import {
  IdempotencyKeyReusedError,
  InferenceFailedError,
  RunInProgressError,
  UnknownModelError,
} from '../domain/runs.errors';
import { Clock } from './ports/clock';
import {
  InferenceProvider,
  InferenceProviderRegistry,
  InferenceRequest,
  InferenceResult,
} from './ports/inference-provider';
import { RunInputDigest } from './ports/run-input-digest';
import { RunRepository } from './ports/run.repository';
import {
  INTERRUPTED_AFTER_MS,
  INTERRUPTED_MESSAGE,
  ReplayRunUseCase,
} from './replay-run.use-case';
import { StartRunCommand } from './start-run.command';
import { StartRunUseCase } from './start-run.use-case';

const START = new Date('2026-03-01T10:00:00.000Z');
const TIMEOUT_MS = 1000;

const model: Model = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'gpt-4o-mini',
  displayName: 'GPT-4o mini',
  provider: 'openai',
  prices: { inputPricePerMillion: '0.15', outputPricePerMillion: '0.6' },
  currency: 'USD',
  createdAt: START,
  updatedAt: START,
};
const otherModelId = '22222222-2222-4222-8222-222222222222';

/** A clock that moves only when a test sets it, or by the length of each sleep. */
class FakeClock extends Clock {
  current = START.getTime();
  onSleep: () => void = () => undefined;

  now(): Date {
    return new Date(this.current);
  }

  async sleep(milliseconds: number): Promise<void> {
    this.current += milliseconds;
    this.onSleep();
  }
}

class InMemoryRunRepository extends RunRepository {
  readonly rows = new Map<string, Run>();

  async insertUnlessKeyTaken(run: NewRun): Promise<boolean> {
    if (
      run.idempotencyKey !== null &&
      [...this.rows.values()].some(
        (row) =>
          row.userId === run.userId &&
          row.idempotencyKey === run.idempotencyKey,
      )
    ) {
      return false;
    }

    this.rows.set(run.id, {
      ...run,
      status: 'running',
      inputTokens: null,
      outputTokens: null,
      totalTokens: null,
      cost: null,
      currency: null,
      errorMessage: null,
      finishedAt: null,
      durationMs: null,
    });

    return true;
  }

  async findByIdempotencyKey(userId: string, key: string) {
    return (
      [...this.rows.values()].find(
        (row) => row.userId === userId && row.idempotencyKey === key,
      ) ?? null
    );
  }

  async findInOrganization(runId: string, organizationId: string) {
    const row = this.rows.get(runId);

    return row?.organizationId === organizationId ? row : null;
  }

  async markSucceeded(runId: string, success: RunSuccess): Promise<Run> {
    return this.update(runId, { status: 'succeeded', ...success });
  }

  async markFailed(runId: string, failure: RunFailure): Promise<Run> {
    return this.update(runId, { status: 'failed', ...failure });
  }

  async finishIfRunning(runId: string, outcome: RunOutcome): Promise<Run> {
    const row = this.rows.get(runId) as Run;
    if (row.status !== 'running') return row;

    return outcome.status === 'succeeded'
      ? this.markSucceeded(runId, outcome.success)
      : this.markFailed(runId, outcome.failure);
  }

  update(runId: string, changes: Partial<Run>): Run {
    const row = { ...(this.rows.get(runId) as Run), ...changes };
    this.rows.set(runId, row);

    return row;
  }
}

/** Marks the input instead of hashing it, so a test can read the digest. */
class MarkingInputDigest extends RunInputDigest {
  of(input: string): string {
    return `digest of ${input}`;
  }
}

/** Counts calls and takes 250 ms of fake time per inference. */
class CountingProvider extends InferenceProvider {
  calls: InferenceRequest[] = [];
  failure: Error | undefined;

  constructor(private readonly clock: FakeClock) {
    super();
  }

  async complete(request: InferenceRequest): Promise<InferenceResult> {
    this.calls.push(request);
    this.clock.current += 250;
    if (this.failure !== undefined) throw this.failure;

    return { output: 'Paris', inputTokens: 1200, outputTokens: 300 };
  }
}

describe('StartRunUseCase', () => {
  let clock: FakeClock;
  let runs: InMemoryRunRepository;
  let provider: CountingProvider;
  let collected: CollectUsageCommand[];
  let collectionFailure: Error | undefined;
  /** Records that collection stored, by request id. */
  let storedUsage: Map<string, UsageRecord>;
  let useCase: StartRunUseCase;

  const command = (
    changes: Partial<StartRunCommand> = {},
  ): StartRunCommand => ({
    organizationId: 'org-1',
    userId: 'user-1',
    modelId: model.id,
    input: 'What is the capital of France?',
    idempotencyKey: null,
    ...changes,
  });

  beforeEach(() => {
    clock = new FakeClock();
    runs = new InMemoryRunRepository();
    provider = new CountingProvider(clock);
    collected = [];
    collectionFailure = undefined;
    storedUsage = new Map();

    const catalog: ModelCatalog = {
      findById: async (id: string) => (id === model.id ? model : null),
    };
    const registry: InferenceProviderRegistry = {
      forProvider: () => provider,
    };
    // 1200 x 0.15 / 1e6 + 300 x 0.6 / 1e6 = 0.00018 + 0.00018 = 0.00036
    const collectUsage = {
      execute: async (usage: CollectUsageCommand): Promise<CollectedUsage> => {
        if (collectionFailure !== undefined) throw collectionFailure;
        collected.push(usage);

        return {
          id: 'usage-1',
          organizationId: usage.organizationId,
          userId: usage.userId,
          modelId: usage.modelId,
          provider: 'openai',
          modelName: model.name,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          totalTokens: usage.inputTokens + usage.outputTokens,
          cost: '0.00036',
          currency: 'USD',
          requestId: usage.requestId,
          createdAt: usage.occurredAt ?? clock.now(),
          created: true,
        };
      },
    } as unknown as CollectUsageUseCase;
    const inputDigest = new MarkingInputDigest();
    const collectedUsage = {
      execute: async (organizationId: string, requestId: string) => {
        const record = storedUsage.get(requestId);

        return record?.organizationId === organizationId ? record : null;
      },
    } as FindCollectedUsageUseCase;
    const replay = new ReplayRunUseCase(
      runs,
      clock,
      { inferenceTimeoutMs: TIMEOUT_MS },
      inputDigest,
      collectedUsage,
    );

    useCase = new StartRunUseCase(
      catalog,
      registry,
      runs,
      collectUsage,
      replay,
      clock,
      inputDigest,
    );
  });

  it('runs, bills and stores a run', async () => {
    const result = await useCase.execute(command());

    expect(result.replayed).toBe(false);
    expect(result.output).toBe('Paris');
    expect(result.run).toEqual({
      id: expect.any(String),
      organizationId: 'org-1',
      userId: 'user-1',
      modelId: model.id,
      idempotencyKey: null,
      inputDigest: null,
      status: 'succeeded',
      inputTokens: 1200,
      outputTokens: 300,
      totalTokens: 1500,
      cost: '0.00036',
      currency: 'USD',
      errorMessage: null,
      startedAt: START,
      finishedAt: new Date(START.getTime() + 250),
      durationMs: 250,
    });
    expect(runs.rows.get(result.run.id)).toEqual(result.run);
  });

  it('sends the catalog name and input', async () => {
    await useCase.execute(command());

    expect(provider.calls).toEqual([
      {
        model: { name: 'gpt-4o-mini', provider: 'openai' },
        input: 'What is the capital of France?',
      },
    ]);
  });

  it('collects usage under the run id', async () => {
    const result = await useCase.execute(command());

    expect(collected).toEqual([
      {
        organizationId: 'org-1',
        userId: 'user-1',
        modelId: model.id,
        inputTokens: 1200,
        outputTokens: 300,
        requestId: result.run.id,
        occurredAt: new Date(START.getTime() + 250),
      },
    ]);
  });

  it('rejects an unknown model', async () => {
    await expect(
      useCase.execute(command({ modelId: otherModelId })),
    ).rejects.toThrow(UnknownModelError);
    expect(runs.rows.size).toBe(0);
  });

  it('records a failed inference', async () => {
    provider.failure = new InferenceFailedError(
      'Inference provider openai returned HTTP 500 for model gpt-4o-mini',
    );

    await expect(useCase.execute(command())).rejects.toThrow(
      InferenceFailedError,
    );

    const [run] = [...runs.rows.values()];
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toBe(
      'Inference provider openai returned HTTP 500 for model gpt-4o-mini',
    );
    expect(run.finishedAt).toEqual(new Date(START.getTime() + 250));
    expect(run.durationMs).toBe(250);
    expect(run.inputTokens).toBeNull();
    expect(collected).toEqual([]);
  });

  it('hides an unexpected error message', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    provider.failure = bug;

    await expect(useCase.execute(command())).rejects.toBe(bug);

    const [run] = [...runs.rows.values()];
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toBe('Inference failed with an unexpected error');
  });

  it('fails the run when collection fails', async () => {
    collectionFailure = new Error('connection terminated');

    await expect(useCase.execute(command())).rejects.toBe(collectionFailure);

    const [run] = [...runs.rows.values()];
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toBe(
      'Usage collection failed, so the run was not billed',
    );
  });

  it('runs twice without a key', async () => {
    await useCase.execute(command());
    await useCase.execute(command());

    expect(provider.calls).toHaveLength(2);
    expect(collected).toHaveLength(2);
  });

  describe('with an idempotency key', () => {
    const keyed = (changes: Partial<StartRunCommand> = {}) =>
      command({ idempotencyKey: 'key-1', ...changes });

    it('replays the first run', async () => {
      const first = await useCase.execute(keyed());
      const second = await useCase.execute(keyed());

      expect(second).toEqual({ run: first.run, output: null, replayed: true });
      expect(provider.calls).toHaveLength(1);
      expect(collected).toHaveLength(1);
    });

    it('keeps keys apart per user', async () => {
      await useCase.execute(keyed());
      const other = await useCase.execute(keyed({ userId: 'user-2' }));

      expect(other.replayed).toBe(false);
      expect(provider.calls).toHaveLength(2);
    });

    it('stores the digest of the input', async () => {
      const { run } = await useCase.execute(keyed());

      expect(runs.rows.get(run.id)?.inputDigest).toBe(
        'digest of What is the capital of France?',
      );
    });

    it('rejects the key for another input', async () => {
      await useCase.execute(keyed());

      await expect(
        useCase.execute(keyed({ input: 'What is the capital of Spain?' })),
      ).rejects.toThrow(IdempotencyKeyReusedError);
      expect(provider.calls).toHaveLength(1);
      expect(collected).toHaveLength(1);
    });

    it('replays a run without digest', async () => {
      const first = await useCase.execute(keyed());
      runs.rows.forEach((row) => (row.inputDigest = null));
      const second = await useCase.execute(keyed({ input: 'Another input' }));

      expect(second.replayed).toBe(true);
      expect(second.run.id).toBe(first.run.id);
      expect(provider.calls).toHaveLength(1);
    });

    it('rejects the key for another model', async () => {
      await useCase.execute(keyed());
      runs.rows.forEach((row) => (row.modelId = otherModelId));

      await expect(useCase.execute(keyed())).rejects.toThrow(
        IdempotencyKeyReusedError,
      );
      expect(provider.calls).toHaveLength(1);
    });

    it('replays a failed run as a failure', async () => {
      provider.failure = new InferenceFailedError('upstream down');
      await expect(useCase.execute(keyed())).rejects.toThrow('upstream down');
      const [run] = [...runs.rows.values()];

      await expect(useCase.execute(keyed())).rejects.toThrow(
        `Run ${run.id} with this Idempotency-Key failed: upstream down. Send a new Idempotency-Key to try again`,
      );
      expect(provider.calls).toHaveLength(1);
    });

    /** A run of key-1 that started at START and never finished. */
    const unfinishedRun = {
      id: 'run-1',
      organizationId: 'org-1',
      userId: 'user-1',
      modelId: model.id,
      idempotencyKey: 'key-1',
      inputDigest: 'digest of What is the capital of France?',
      startedAt: START,
    };

    /** The record that collection stored for run-1, 250 ms after it started. */
    const usageOfRun1 = (organizationId: string): UsageRecord => ({
      id: 'usage-1',
      organizationId,
      userId: 'user-1',
      modelId: model.id,
      provider: 'openai',
      modelName: model.name,
      inputTokens: 10,
      outputTokens: 2,
      totalTokens: 12,
      cost: '0.00036',
      currency: 'USD',
      requestId: 'run-1',
      createdAt: new Date(START.getTime() + 250),
    });

    it('waits for a running run', async () => {
      await runs.insertUnlessKeyTaken(unfinishedRun);
      let polls = 0;
      clock.onSleep = () => {
        polls += 1;
        if (polls === 3)
          runs.markSucceeded('run-1', {
            inputTokens: 5,
            outputTokens: 7,
            totalTokens: 12,
            cost: null,
            currency: 'USD',
            finishedAt: clock.now(),
            durationMs: 300,
          });
      };

      const result = await useCase.execute(keyed());

      expect(polls).toBe(3);
      expect(result.replayed).toBe(true);
      expect(result.run.id).toBe('run-1');
      expect(result.run.totalTokens).toBe(12);
      expect(provider.calls).toEqual([]);
    });

    it('gives up on a run past its deadline', async () => {
      await runs.insertUnlessKeyTaken(unfinishedRun);

      await expect(useCase.execute(keyed())).rejects.toThrow(
        RunInProgressError,
      );
      // Deadline: start + 1000 ms timeout + 5000 ms allowance, in 100 ms polls.
      expect(clock.now().getTime() - START.getTime()).toBe(6000);
      expect(provider.calls).toEqual([]);
    });

    it('fails an interrupted run without usage', async () => {
      await runs.insertUnlessKeyTaken(unfinishedRun);
      clock.current = START.getTime() + TIMEOUT_MS + INTERRUPTED_AFTER_MS;

      await expect(useCase.execute(keyed())).rejects.toThrow(
        `Run run-1 with this Idempotency-Key failed: ${INTERRUPTED_MESSAGE}. Send a new Idempotency-Key to try again`,
      );
      expect(runs.rows.get('run-1')).toMatchObject({
        status: 'failed',
        errorMessage: INTERRUPTED_MESSAGE,
        durationMs: TIMEOUT_MS + INTERRUPTED_AFTER_MS,
      });
      expect(provider.calls).toEqual([]);
    });

    it('completes an interrupted run that was billed', async () => {
      await runs.insertUnlessKeyTaken(unfinishedRun);
      storedUsage.set('run-1', usageOfRun1('org-1'));
      clock.current = START.getTime() + TIMEOUT_MS + INTERRUPTED_AFTER_MS;

      const result = await useCase.execute(keyed());

      expect(result.replayed).toBe(true);
      expect(result.run).toMatchObject({
        status: 'succeeded',
        inputTokens: 10,
        outputTokens: 2,
        totalTokens: 12,
        cost: '0.00036',
        currency: 'USD',
        finishedAt: new Date(START.getTime() + 250),
        durationMs: 250,
      });
      expect(provider.calls).toEqual([]);
    });

    it('ignores usage of another organization', async () => {
      await runs.insertUnlessKeyTaken(unfinishedRun);
      storedUsage.set('run-1', usageOfRun1('org-2'));
      clock.current = START.getTime() + TIMEOUT_MS + INTERRUPTED_AFTER_MS;

      await expect(useCase.execute(keyed())).rejects.toThrow(
        INTERRUPTED_MESSAGE,
      );
    });
  });
});
