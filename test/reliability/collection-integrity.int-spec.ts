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

const MAX = Number.MAX_SAFE_INTEGER;

describe('collection integrity', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let collect: CollectUsageUseCase;
  let acme: OrganizationFixture;
  let alice: UserFixture;
  let gustav: UserFixture;
  let model: ModelFixture;
  let sequence = 0;

  const command = (
    overrides: Partial<CollectUsageCommand> = {},
  ): CollectUsageCommand => ({
    organizationId: acme.id,
    userId: alice.id,
    modelId: model.id,
    inputTokens: 100,
    outputTokens: 20,
    requestId: `integrity-${++sequence}`,
    ...overrides,
  });

  const countUsage = async (): Promise<number> => {
    const rows: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM usage`,
    );
    return rows[0].n;
  };

  beforeAll(async () => {
    testApp = await startTestApp('collection_integrity');
    dataSource = testApp.dataSource;
    collect = testApp.app.get(CollectUsageUseCase);
    acme = await insertOrganization(dataSource, 'Acme');
    const globex = await insertOrganization(dataSource, 'Globex');
    alice = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'alice@acme.example',
    });
    gustav = await insertUser(dataSource, {
      organizationId: globex.id,
      email: 'gustav@globex.example',
    });
    model = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('rejected commands', () => {
    it.each<[string, () => Partial<CollectUsageCommand>, string]>([
      ['negative input', () => ({ inputTokens: -1 }), 'inputTokens'],
      ['negative output', () => ({ outputTokens: -5 }), 'outputTokens'],
      ['fractional input', () => ({ inputTokens: 1.5 }), 'inputTokens'],
      ['NaN output', () => ({ outputTokens: NaN }), 'outputTokens'],
      ['infinite input', () => ({ inputTokens: Infinity }), 'inputTokens'],
      [
        'negative infinity',
        () => ({ outputTokens: -Infinity }),
        'outputTokens',
      ],
      ['unsafe input', () => ({ inputTokens: MAX + 1 }), 'inputTokens'],
      [
        'input above the maximum',
        () => ({ inputTokens: 100_000_001 }),
        'inputTokens',
      ],
      [
        'string tokens',
        () => ({ inputTokens: '10' as unknown as number }),
        'inputTokens',
      ],
      ['wrong total', () => ({ totalTokens: 119 }), 'totalTokens'],
      [
        'unknown model',
        () => ({ modelId: '00000000-0000-4000-8000-000000000001' }),
        'modelId',
      ],
      ['user of another organization', () => ({ userId: gustav.id }), 'userId'],
      ['malformed user', () => ({ userId: 'alice' }), 'userId'],
      ['empty request id', () => ({ requestId: '' }), 'requestId'],
    ])('rejects %s and stores nothing', async (_name, overrides, field) => {
      const before = await countUsage();

      const error = await collect.execute(command(overrides())).then(
        () => undefined,
        (caught: unknown) => caught,
      );

      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.map((d) => d.field)).toContain(
        field,
      );
      expect(await countUsage()).toBe(before);
    });

    it('stores no batch with one bad command', async () => {
      const before = await countUsage();

      await expect(
        collect.executeBatch([
          command(),
          command({ inputTokens: -1 }),
          command(),
        ]),
      ).rejects.toBeInstanceOf(DomainError);

      expect(await countUsage()).toBe(before);
    });
  });

  describe('concurrent repeats', () => {
    it('stores 50 concurrent repeats once', async () => {
      const repeated = command({ requestId: 'concurrent-50' });

      const results = await Promise.all(
        Array.from({ length: 50 }, () => collect.execute({ ...repeated })),
      );

      const rows: { n: number }[] = await dataSource.query(
        `SELECT count(*)::int AS n FROM usage WHERE request_id = $1`,
        ['concurrent-50'],
      );
      expect(rows[0].n).toBe(1);
      expect(new Set(results.map((result) => result.id)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      for (const result of results) {
        expect(result).toEqual({ ...results[0], created: result.created });
      }
    });

    it('stores 50 concurrent batches of repeats once', async () => {
      const ids = ['batch-a', 'batch-b', 'batch-c'];

      await Promise.all(
        Array.from({ length: 50 }, () =>
          collect.executeBatch(ids.map((requestId) => command({ requestId }))),
        ),
      );

      const rows: { request_id: string; n: number }[] = await dataSource.query(
        `SELECT request_id, count(*)::int AS n FROM usage
          WHERE request_id = ANY($1) GROUP BY request_id ORDER BY request_id`,
        [ids],
      );
      expect(rows).toEqual(ids.map((id) => ({ request_id: id, n: 1 })));
    });
  });
});
