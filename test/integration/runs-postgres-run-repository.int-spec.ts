import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { NewRun } from '../../src/modules/runs/domain/run';
import { PostgresRunRepository } from '../../src/modules/runs/infrastructure/postgres-run.repository';
import {
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  UserFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const STARTED_AT = new Date('2026-03-01T10:00:00.123Z');

describe('PostgresRunRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: PostgresRunRepository;
  let user: UserFixture;
  let otherUser: UserFixture;
  let model: ModelFixture;

  beforeAll(async () => {
    database = await createTestDatabase('runs_repository');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 25));
    await dataSource.initialize();
    repository = new PostgresRunRepository(dataSource);

    const organization = await insertOrganization(dataSource, 'Acme');
    user = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'ada@acme.example',
    });
    const otherOrganization = await insertOrganization(dataSource, 'Globex');
    otherUser = await insertUser(dataSource, {
      organizationId: otherOrganization.id,
      email: 'hank@globex.example',
    });
    model = await insertModel(dataSource, {
      name: 'gpt-4o-mini',
      provider: 'openai',
      inputPricePerMillion: '0.15',
      outputPricePerMillion: '0.6',
    });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const newRun = (changes: Partial<NewRun> = {}): NewRun => ({
    id: randomUUID(),
    organizationId: user.organizationId,
    userId: user.id,
    modelId: model.id,
    idempotencyKey: null,
    inputDigest: null,
    startedAt: STARTED_AT,
    ...changes,
  });

  it('inserts a running run', async () => {
    const run = newRun({
      idempotencyKey: 'insert-1',
      inputDigest: 'a'.repeat(64),
    });

    expect(await repository.insertUnlessKeyTaken(run)).toBe(true);
    expect(
      await repository.findInOrganization(run.id, user.organizationId),
    ).toEqual({
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
  });

  it('inserts nothing for a taken key', async () => {
    const first = newRun({ idempotencyKey: 'taken-1' });
    const second = newRun({ idempotencyKey: 'taken-1' });
    await repository.insertUnlessKeyTaken(first);

    expect(await repository.insertUnlessKeyTaken(second)).toBe(false);
    expect(
      await repository.findInOrganization(second.id, user.organizationId),
    ).toBeNull();
  });

  it('lets one of 20 concurrent inserts win', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        repository.insertUnlessKeyTaken(newRun({ idempotencyKey: 'race-1' })),
      ),
    );

    expect(results.filter((inserted) => inserted)).toHaveLength(1);
    const rows: unknown[] = await dataSource.query(
      `SELECT id FROM runs WHERE idempotency_key = 'race-1'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('keeps runs without a key apart', async () => {
    expect(await repository.insertUnlessKeyTaken(newRun())).toBe(true);
    expect(await repository.insertUnlessKeyTaken(newRun())).toBe(true);
  });

  it('scopes a key to its user', async () => {
    await repository.insertUnlessKeyTaken(newRun({ idempotencyKey: 'shared' }));
    const other = newRun({
      organizationId: otherUser.organizationId,
      userId: otherUser.id,
      idempotencyKey: 'shared',
    });

    expect(await repository.insertUnlessKeyTaken(other)).toBe(true);
    expect(
      (await repository.findByIdempotencyKey(otherUser.id, 'shared'))?.id,
    ).toBe(other.id);
  });

  it('finds no run by an unknown key', async () => {
    expect(
      await repository.findByIdempotencyKey(user.id, 'unknown'),
    ).toBeNull();
  });

  it('hides a run from another organization', async () => {
    const run = newRun();
    await repository.insertUnlessKeyTaken(run);

    expect(
      await repository.findInOrganization(run.id, otherUser.organizationId),
    ).toBeNull();
  });

  it('marks a run succeeded', async () => {
    const run = newRun();
    await repository.insertUnlessKeyTaken(run);
    const finishedAt = new Date(STARTED_AT.getTime() + 850);

    const succeeded = await repository.markSucceeded(run.id, {
      inputTokens: 1200,
      outputTokens: 300,
      totalTokens: 1500,
      cost: '0.00036',
      currency: 'USD',
      finishedAt,
      durationMs: 850,
    });

    expect(succeeded).toMatchObject({
      id: run.id,
      status: 'succeeded',
      inputTokens: 1200,
      outputTokens: 300,
      totalTokens: 1500,
      cost: '0.000360000000000000',
      currency: 'USD',
      errorMessage: null,
      startedAt: STARTED_AT,
      finishedAt,
      durationMs: 850,
    });
    expect(
      await repository.findInOrganization(run.id, user.organizationId),
    ).toEqual(succeeded);
  });

  it('marks a run failed', async () => {
    const run = newRun();
    await repository.insertUnlessKeyTaken(run);
    const finishedAt = new Date(STARTED_AT.getTime() + 40);

    const failed = await repository.markFailed(run.id, {
      errorMessage: 'Inference provider openai returned HTTP 500',
      finishedAt,
      durationMs: 40,
    });

    expect(failed).toMatchObject({
      status: 'failed',
      errorMessage: 'Inference provider openai returned HTTP 500',
      inputTokens: null,
      cost: null,
      finishedAt,
      durationMs: 40,
    });
  });

  it('rejects finishing a finished run', async () => {
    const run = newRun();
    await repository.insertUnlessKeyTaken(run);
    const failure = {
      errorMessage: 'failed',
      finishedAt: STARTED_AT,
      durationMs: 0,
    };
    await repository.markFailed(run.id, failure);

    await expect(repository.markFailed(run.id, failure)).rejects.toThrow(
      `Run ${run.id} is not running, so it cannot finish`,
    );
  });

  describe('finishIfRunning', () => {
    const failure = {
      errorMessage: 'The run was interrupted',
      finishedAt: new Date(STARTED_AT.getTime() + 200_000),
      durationMs: 200_000,
    };

    it('completes a running run', async () => {
      const run = newRun();
      await repository.insertUnlessKeyTaken(run);
      const billedAt = new Date(STARTED_AT.getTime() + 1250);

      const settled = await repository.finishIfRunning(run.id, {
        status: 'succeeded',
        success: {
          inputTokens: 1200,
          outputTokens: 300,
          totalTokens: 1500,
          cost: '0.00036',
          currency: 'USD',
          finishedAt: billedAt,
          durationMs: 1250,
        },
      });

      expect(settled).toMatchObject({
        id: run.id,
        status: 'succeeded',
        inputTokens: 1200,
        outputTokens: 300,
        totalTokens: 1500,
        cost: '0.000360000000000000',
        currency: 'USD',
        errorMessage: null,
        finishedAt: billedAt,
        durationMs: 1250,
      });
    });

    it('fails a running run', async () => {
      const run = newRun();
      await repository.insertUnlessKeyTaken(run);

      const settled = await repository.finishIfRunning(run.id, {
        status: 'failed',
        failure,
      });

      expect(settled).toMatchObject({
        status: 'failed',
        errorMessage: 'The run was interrupted',
        inputTokens: null,
        finishedAt: failure.finishedAt,
        durationMs: 200_000,
      });
    });

    it('returns a finished run unchanged', async () => {
      const run = newRun();
      await repository.insertUnlessKeyTaken(run);
      const failed = await repository.markFailed(run.id, {
        errorMessage: 'Inference provider openai returned HTTP 500',
        finishedAt: STARTED_AT,
        durationMs: 0,
      });

      await expect(
        repository.finishIfRunning(run.id, { status: 'failed', failure }),
      ).resolves.toEqual(failed);
    });
  });
});
