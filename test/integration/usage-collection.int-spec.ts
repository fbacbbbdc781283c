import { DataSource } from 'typeorm';
import { DomainError } from '../../src/common/domain/domain-error';
import { CollectUsageCommand } from '../../src/modules/usage/application/collect-usage.command';
import { CollectUsageUseCase } from '../../src/modules/usage/application/collect-usage.use-case';
import {
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('CollectUsageUseCase', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let collect: CollectUsageUseCase;
  let acme: OrganizationFixture;
  let globex: OrganizationFixture;
  let alice: UserFixture;
  let gustav: UserFixture;
  let priced: ModelFixture;
  let unpriced: ModelFixture;
  let sequence = 0;

  const command = (
    overrides: Partial<CollectUsageCommand> = {},
  ): CollectUsageCommand => ({
    organizationId: acme.id,
    userId: alice.id,
    modelId: priced.id,
    inputTokens: 1234,
    outputTokens: 567,
    requestId: `request-${++sequence}`,
    ...overrides,
  });

  const countUsage = async (): Promise<number> => {
    const rows: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM usage`,
    );
    return rows[0].n;
  };

  const rejection = async (promise: Promise<unknown>): Promise<DomainError> => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  };

  beforeAll(async () => {
    testApp = await startTestApp('usage_collection');
    dataSource = testApp.dataSource;
    collect = testApp.app.get(CollectUsageUseCase);
    acme = await insertOrganization(dataSource, 'Acme');
    globex = await insertOrganization(dataSource, 'Globex');
    alice = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'alice@acme.example',
    });
    gustav = await insertUser(dataSource, {
      organizationId: globex.id,
      email: 'gustav@globex.example',
    });
    priced = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
      currency: 'USD',
    });
    unpriced = await insertModel(dataSource, {
      name: 'llama-3-local',
      provider: 'meta',
      currency: 'EUR',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(async () => {
    await dataSource.query(`DELETE FROM usage`);
  });

  describe('execute', () => {
    it('stores a priced record', async () => {
      const occurredAt = new Date('2026-03-01T10:20:30.456Z');
      const collected = await collect.execute(
        command({ requestId: 'priced-1', occurredAt, totalTokens: 1801 }),
      );

      // 1234 / 1e6 x 2.5 + 567 / 1e6 x 10 = 0.003085 + 0.00567
      expect(collected).toEqual({
        id: expect.any(String),
        organizationId: acme.id,
        userId: alice.id,
        modelId: priced.id,
        provider: 'openai',
        modelName: 'gpt-4o',
        inputTokens: 1234,
        outputTokens: 567,
        totalTokens: 1801,
        cost: '0.008755',
        currency: 'USD',
        requestId: 'priced-1',
        createdAt: occurredAt,
        created: true,
      });
      const rows = await dataSource.query(
        `SELECT cost::text AS cost, total_tokens, created_at FROM usage`,
      );
      expect(rows).toEqual([
        {
          cost: '0.008755000000000000',
          total_tokens: '1801',
          created_at: occurredAt,
        },
      ]);
    });

    it('prices with all 18 decimals', async () => {
      const precise = await insertModel(dataSource, {
        name: 'precise-model',
        provider: 'test-lab',
        inputPricePerMillion: '0.123456789012',
        outputPricePerMillion: '0.000000000001',
        currency: 'EUR',
      });

      const collected = await collect.execute(
        command({ modelId: precise.id, inputTokens: 3, outputTokens: 1 }),
      );

      // 3 x 0.123456789012 / 1e6 + 1 x 0.000000000001 / 1e6
      expect(collected.cost).toBe('0.000000370370367037');
      expect(collected.currency).toBe('EUR');
    });

    it('stores null cost for an unpriced model', async () => {
      const collected = await collect.execute(
        command({ modelId: unpriced.id }),
      );

      expect(collected.cost).toBeNull();
      expect(collected.currency).toBe('EUR');
      expect(collected.provider).toBe('meta');
    });

    it('keeps the catalog name at collection', async () => {
      const renamed = await insertModel(dataSource, {
        name: 'old-name',
        provider: 'mistral',
        inputPricePerMillion: '1',
        outputPricePerMillion: '1',
      });
      await collect.execute(command({ modelId: renamed.id }));

      await dataSource.query(
        `UPDATE models SET name = 'new-name' WHERE id = $1`,
        [renamed.id],
      );

      const rows = await dataSource.query(`SELECT model_name FROM usage`);
      expect(rows).toEqual([{ model_name: 'old-name' }]);
    });

    it('stores the collection time by default', async () => {
      const before = await dataSource.query(`SELECT now() AS now`);
      const collected = await collect.execute(command());
      const after = await dataSource.query(`SELECT now() AS now`);

      expect(collected.createdAt.getTime()).toBeGreaterThanOrEqual(
        (before[0].now as Date).getTime(),
      );
      expect(collected.createdAt.getTime()).toBeLessThanOrEqual(
        (after[0].now as Date).getTime(),
      );
    });

    it('accepts usage without a user', async () => {
      const collected = await collect.execute(command({ userId: null }));

      expect(collected.userId).toBeNull();
      expect(await countUsage()).toBe(1);
    });

    it('accepts ids in upper case', async () => {
      const first = await collect.execute(
        command({
          requestId: 'upper',
          organizationId: acme.id.toUpperCase(),
          userId: alice.id.toUpperCase(),
          modelId: priced.id.toUpperCase(),
        }),
      );
      const repeat = await collect.execute(command({ requestId: 'upper' }));

      expect(first.organizationId).toBe(acme.id);
      expect(repeat.created).toBe(false);
      expect(repeat.id).toBe(first.id);
    });

    it.each<[string, Partial<CollectUsageCommand>, string]>([
      ['negative tokens', { inputTokens: -1 }, 'inputTokens'],
      ['fractional tokens', { outputTokens: 1.5 }, 'outputTokens'],
      ['NaN tokens', { inputTokens: NaN }, 'inputTokens'],
      ['infinite tokens', { outputTokens: Infinity }, 'outputTokens'],
      ['tokens above the maximum', { inputTokens: 100_000_001 }, 'inputTokens'],
      [
        'unsafe tokens',
        { inputTokens: Number.MAX_SAFE_INTEGER + 1 },
        'inputTokens',
      ],
      ['a wrong total', { totalTokens: 1800 }, 'totalTokens'],
      ['an empty request id', { requestId: '' }, 'requestId'],
      ['a long request id', { requestId: 'r'.repeat(256) }, 'requestId'],
      ['a NUL in the request id', { requestId: 'a\u0000b' }, 'requestId'],
      ['a newline in the request id', { requestId: 'a\nb' }, 'requestId'],
      ['a blank request id', { requestId: '  ' }, 'requestId'],
      ['a lone surrogate', { requestId: 'a\ud800b' }, 'requestId'],
      ['a model id that is no uuid', { modelId: 'gpt-4o' }, 'modelId'],
      ['a user id that is no uuid', { userId: '42' }, 'userId'],
      ['an invalid date', { occurredAt: new Date('nope') }, 'occurredAt'],
      [
        'a date before PostgreSQL can store it',
        { occurredAt: new Date(Date.UTC(-5000, 0, 1)) },
        'occurredAt',
      ],
      [
        'the latest JavaScript date',
        { occurredAt: new Date(8.64e15) },
        'occurredAt',
      ],
    ])('rejects %s', async (_case, overrides, field) => {
      const error = await rejection(collect.execute(command(overrides)));

      expect(error.kind).toBe('invalid');
      expect(error.code).toBe('usage.invalid');
      expect(error.details.map((detail) => detail.field)).toEqual([field]);
      expect(await countUsage()).toBe(0);
    });

    it('accepts 255 characters of request id', async () => {
      const requestId = '\u{1F600}'.repeat(255);

      const collected = await collect.execute(command({ requestId }));

      expect(collected.requestId).toBe(requestId);
    });

    it('accepts the largest token counts', async () => {
      const collected = await collect.execute(
        command({
          modelId: unpriced.id,
          inputTokens: 100_000_000,
          outputTokens: 100_000_000,
        }),
      );

      expect(collected.totalTokens).toBe(200_000_000);
    });

    it('rejects an unknown model', async () => {
      const modelId = '00000000-0000-4000-8000-000000000001';

      const error = await rejection(collect.execute(command({ modelId })));

      expect(error.code).toBe('usage.unknown_model');
      expect(error.kind).toBe('invalid');
      expect(error.message).toContain(modelId);
      expect(error.details.map((detail) => detail.field)).toEqual(['modelId']);
      expect(await countUsage()).toBe(0);
    });

    it('rejects a user of another organization', async () => {
      const error = await rejection(
        collect.execute(command({ userId: gustav.id })),
      );

      expect(error.code).toBe('usage.user_not_in_organization');
      expect(error.kind).toBe('invalid');
      expect(error.message).toContain(gustav.id);
      expect(await countUsage()).toBe(0);
    });

    it('rejects an unknown organization', async () => {
      const organizationId = '00000000-0000-4000-8000-000000000002';

      const error = await rejection(
        collect.execute(command({ organizationId, userId: null })),
      );

      expect(error.code).toBe('usage.unknown_organization');
      expect(error.kind).toBe('not_found');
      expect(await countUsage()).toBe(0);
    });

    it('returns the stored record on a repeat', async () => {
      const first = await collect.execute(command({ requestId: 'retry' }));
      const repeat = await collect.execute(command({ requestId: 'retry' }));

      expect(first.created).toBe(true);
      expect(repeat).toEqual({ ...first, created: false });
      expect(await countUsage()).toBe(1);
    });

    it('returns on insert what a repeat reads back', async () => {
      // The insert returns only the columns the database sets; the rest of
      // the record comes from the normalized command.
      const requestId = 'upper-\u{1F600}';
      const first = await collect.execute(
        command({
          requestId,
          organizationId: acme.id.toUpperCase(),
          userId: null,
          modelId: unpriced.id.toUpperCase(),
          inputTokens: 99_999_993,
          outputTokens: 7,
        }),
      );
      const repeat = await collect.execute(
        command({
          requestId,
          userId: null,
          modelId: unpriced.id,
          inputTokens: 99_999_993,
          outputTokens: 7,
        }),
      );

      expect(first).toEqual({
        id: repeat.id,
        organizationId: acme.id,
        userId: null,
        modelId: unpriced.id,
        provider: 'meta',
        modelName: 'llama-3-local',
        inputTokens: 99_999_993,
        outputTokens: 7,
        totalTokens: 100_000_000,
        cost: null,
        currency: 'EUR',
        requestId,
        createdAt: repeat.createdAt,
        created: true,
      });
      expect(repeat).toEqual({ ...first, created: false });
    });

    it('keys request ids per organization', async () => {
      await collect.execute(command({ requestId: 'shared' }));
      const other = await collect.execute(
        command({
          requestId: 'shared',
          organizationId: globex.id,
          userId: gustav.id,
        }),
      );

      expect(other.created).toBe(true);
      expect(await countUsage()).toBe(2);
    });

    it('stores concurrent repeats once', async () => {
      const same = command({ requestId: 'concurrent' });

      const results = await Promise.all(
        Array.from({ length: 20 }, () => collect.execute(same)),
      );

      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.id)).size).toBe(1);
      expect(await countUsage()).toBe(1);
    });

    it.each<[string, () => Partial<CollectUsageCommand>]>([
      ['userId', () => ({ userId: null })],
      ['modelId', () => ({ modelId: unpriced.id })],
      ['inputTokens', () => ({ inputTokens: 1 })],
      ['outputTokens', () => ({ outputTokens: 1 })],
      [
        'occurredAt',
        () => ({ occurredAt: new Date('2026-01-01T00:00:00.001Z') }),
      ],
    ])('rejects a repeat with another %s', async (field, overrides) => {
      const occurredAt = new Date('2026-01-01T00:00:00Z');
      await collect.execute(command({ requestId: 'changed', occurredAt }));
      const changed = command({
        requestId: 'changed',
        occurredAt,
        ...overrides(),
      });

      const error = await rejection(collect.execute(changed));

      expect(error.kind).toBe('conflict');
      expect(error.code).toBe('usage.request_id_conflict');
      expect(error.details.map((detail) => detail.field)).toEqual([field]);
      expect(await countUsage()).toBe(1);
    });

    it('accepts a repeat without a time', async () => {
      const occurredAt = new Date('2026-01-01T00:00:00Z');
      await collect.execute(command({ requestId: 'timed', occurredAt }));

      const repeat = await collect.execute(command({ requestId: 'timed' }));

      expect(repeat.created).toBe(false);
      expect(repeat.createdAt).toEqual(occurredAt);
    });

    it('rejects when the write fails', async () => {
      await dataSource.query(`
        CREATE FUNCTION reject_usage() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'usage writes are off'; END $$`);
      await dataSource.query(`
        CREATE TRIGGER reject_usage BEFORE INSERT ON usage
        FOR EACH ROW EXECUTE FUNCTION reject_usage()`);

      try {
        await expect(collect.execute(command())).rejects.toThrow(
          'usage writes are off',
        );
      } finally {
        await dataSource.query(`DROP TRIGGER reject_usage ON usage`);
        await dataSource.query(`DROP FUNCTION reject_usage()`);
      }
    });
  });

  describe('executeBatch', () => {
    it('stores a batch in order', async () => {
      await collect.execute(command({ requestId: 'batch-old' }));

      const results = await collect.executeBatch([
        command({ requestId: 'batch-1', inputTokens: 1 }),
        command({ requestId: 'batch-old' }),
        command({ requestId: 'batch-2', inputTokens: 2, modelId: unpriced.id }),
        command({ requestId: 'batch-1', inputTokens: 1 }),
      ]);

      expect(
        results.map((result) => [result.requestId, result.created]),
      ).toEqual([
        ['batch-1', true],
        ['batch-old', false],
        ['batch-2', true],
        ['batch-1', false],
      ]);
      expect(results[3].id).toBe(results[0].id);
      expect(results[0].cost).toBe('0.0056725');
      expect(results[2].cost).toBeNull();
      expect(await countUsage()).toBe(3);
    });

    it('returns nothing for no commands', async () => {
      expect(await collect.executeBatch([])).toEqual([]);
    });

    it('names the command of an invalid field', async () => {
      const error = await rejection(
        collect.executeBatch([
          command(),
          command({ inputTokens: -5 }),
          command({ requestId: '' }),
        ]),
      );

      expect(error.details.map((detail) => detail.field)).toEqual([
        'commands[1].inputTokens',
        'commands[2].requestId',
      ]);
      expect(await countUsage()).toBe(0);
    });

    it('stores nothing when one model is unknown', async () => {
      const error = await rejection(
        collect.executeBatch([
          command(),
          command({ modelId: '00000000-0000-4000-8000-000000000003' }),
        ]),
      );

      expect(error.code).toBe('usage.unknown_model');
      expect(error.details.map((detail) => detail.field)).toEqual([
        'commands[1].modelId',
      ]);
      expect(await countUsage()).toBe(0);
    });

    it('rejects a repeat that differs within the batch', async () => {
      const error = await rejection(
        collect.executeBatch([
          command({ requestId: 'twice', inputTokens: 1 }),
          command({ requestId: 'twice', inputTokens: 2 }),
        ]),
      );

      expect(error.kind).toBe('conflict');
      expect(await countUsage()).toBe(0);
    });

    it('stores nothing on a conflict with a stored record', async () => {
      await collect.execute(command({ requestId: 'stored', inputTokens: 1 }));

      const error = await rejection(
        collect.executeBatch([
          command({ requestId: 'new-one' }),
          command({ requestId: 'stored', inputTokens: 2 }),
        ]),
      );

      expect(error.kind).toBe('conflict');
      expect(await countUsage()).toBe(1);
    });
  });
});
