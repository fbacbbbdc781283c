import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import {
  countBuckets,
  formatBucketLabel,
  Granularity,
} from '../../src/modules/usage/domain/usage-buckets';
import {
  UsageFilters,
  UsageQuery,
} from '../../src/modules/usage/domain/usage-query';
import { resolveUsageRange } from '../../src/modules/usage/domain/usage-range';
import { UsageScope } from '../../src/modules/usage/domain/usage-scope';
import { PostgresTimeZoneCatalog } from '../../src/modules/usage/infrastructure/postgres-time-zone.catalog';
import { PostgresUsageRepository } from '../../src/modules/usage/infrastructure/postgres-usage.repository';
import {
  insertModel,
  insertOrganization,
  insertUsage,
} from '../support/fixtures';
import {
  insertUsageDashboardFixture,
  UsageDashboardFixture,
} from '../support/usage-dashboard-fixture';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('usage dashboard queries', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let fixture: UsageDashboardFixture;
  let repository: PostgresUsageRepository;
  let acme: UsageScope;
  const global: UsageScope = { kind: 'global' };

  beforeAll(async () => {
    database = await createTestDatabase('usage_queries');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 2));
    await dataSource.initialize();
    fixture = await insertUsageDashboardFixture(dataSource);
    repository = new PostgresUsageRepository(dataSource);
    acme = { kind: 'organization', organizationId: fixture.acme.id };
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  function queryOf(
    scope: UsageScope,
    options: {
      startDate?: string;
      endDate?: string;
      timeZone?: string;
      granularity?: Granularity;
      filters?: UsageFilters;
    } = {},
  ): UsageQuery {
    const timeZone = options.timeZone ?? 'UTC';

    return {
      scope,
      range: resolveUsageRange(
        { startDate: options.startDate, endDate: options.endDate },
        timeZone,
      ),
      timeZone,
      granularity: options.granularity ?? 'day',
      filters: options.filters ?? {},
    };
  }

  const march1to3 = { startDate: '2026-03-01', endDate: '2026-03-03' };

  async function labelledSeries(query: UsageQuery) {
    const series = await repository.sumByProviderAndBucket(query);

    return {
      buckets: series.bucketStarts.map((start) =>
        formatBucketLabel(start, query.timeZone),
      ),
      points: series.points.map((point) => [
        formatBucketLabel(point.bucketStart, query.timeZone),
        point.provider,
        point.tokens,
        point.requests,
      ]),
    };
  }

  describe('findTimeBounds', () => {
    it('spans the records of the scope', async () => {
      await expect(repository.findTimeBounds(acme, {})).resolves.toEqual({
        start: new Date('2026-03-01T10:00:00.000Z'),
        end: new Date('2026-03-03T08:00:00.001Z'),
      });
    });

    it('spans every organization globally', async () => {
      await expect(repository.findTimeBounds(global, {})).resolves.toEqual({
        start: new Date('2026-03-01T10:00:00.000Z'),
        end: new Date('2026-10-25T22:30:00.001Z'),
      });
    });

    it('follows the filters', async () => {
      const filters = { provider: 'anthropic' };

      await expect(repository.findTimeBounds(acme, filters)).resolves.toEqual({
        start: new Date('2026-03-01T23:30:00.000Z'),
        end: new Date('2026-03-01T23:30:00.001Z'),
      });
    });

    it('returns null without records', async () => {
      const platform: UsageScope = {
        kind: 'organization',
        organizationId: fixture.platform.id,
      };

      await expect(repository.findTimeBounds(platform, {})).resolves.toBeNull();
      await expect(
        repository.findTimeBounds(acme, { provider: 'nope' }),
      ).resolves.toBeNull();
    });

    it('keeps microseconds inside the range', async () => {
      const organization = await insertOrganization(dataSource, 'Microseconds');
      const scope: UsageScope = {
        kind: 'organization',
        organizationId: organization.id,
      };
      await insertUsage(dataSource, {
        organizationId: organization.id,
        userId: null,
        model: fixture.models.gptMini,
        inputTokens: 1,
        outputTokens: 0,
        cost: '0',
        createdAt: '2026-05-01T10:00:00.123999Z',
      });

      const range = await repository.findTimeBounds(scope, {});
      const totals = await repository.sumTotals({ ...queryOf(scope), range });

      expect(range).toEqual({
        start: new Date('2026-05-01T10:00:00.123Z'),
        end: new Date('2026-05-01T10:00:00.124Z'),
      });
      expect(totals.requests).toBe(1);
    });
  });

  describe('sumTotals', () => {
    it('sums Acme in March', async () => {
      await expect(
        repository.sumTotals(queryOf(acme, march1to3)),
      ).resolves.toEqual({
        inputTokens: 480,
        outputTokens: 270,
        totalTokens: 750,
        requests: 5,
        activeUsers: 3,
        unpricedRequests: 1,
        costs: [
          { currency: 'EUR', amount: '0.0045' },
          { currency: 'USD', amount: '0.00185' },
        ],
      });
    });

    it('sums every organization', async () => {
      await expect(repository.sumTotals(queryOf(global))).resolves.toEqual({
        inputTokens: 1687,
        outputTokens: 870,
        totalTokens: 2557,
        requests: 15,
        activeUsers: 6,
        unpricedRequests: 1,
        costs: [
          { currency: 'EUR', amount: '0.0075' },
          { currency: 'USD', amount: '0.01685' },
        ],
      });
    });

    it('applies the range in the zone', async () => {
      // Kolkata's 2026-03-01 ends at 18:30 UTC, before bob's 23:30 request.
      const totals = await repository.sumTotals(
        queryOf(acme, {
          startDate: '2026-03-01',
          endDate: '2026-03-01',
          timeZone: 'Asia/Kolkata',
        }),
      );

      expect(totals.totalTokens).toBe(150);
      expect(totals.requests).toBe(1);
    });

    it('excludes a date-time end', async () => {
      const totals = await repository.sumTotals(
        queryOf(acme, {
          startDate: '2026-03-01T10:00Z',
          endDate: '2026-03-02T12:30Z',
        }),
      );

      expect(totals.totalTokens).toBe(550);
      expect(totals.requests).toBe(3);
    });

    it('filters by provider and model', async () => {
      const byProvider = await repository.sumTotals(
        queryOf(acme, { ...march1to3, filters: { provider: 'openai' } }),
      );
      const byModel = await repository.sumTotals(
        queryOf(acme, {
          ...march1to3,
          filters: { modelId: fixture.models.mistral.id },
        }),
      );

      expect(byProvider).toEqual({
        inputTokens: 130,
        outputTokens: 70,
        totalTokens: 200,
        requests: 2,
        activeUsers: 1,
        unpricedRequests: 0,
        costs: [{ currency: 'USD', amount: '0.0016' }],
      });
      expect(byModel.totalTokens).toBe(100);
      expect(byModel.unpricedRequests).toBe(1);
      expect(byModel.costs).toEqual([]);
    });

    it('returns zeros without records', async () => {
      await expect(
        repository.sumTotals(
          queryOf(acme, { ...march1to3, filters: { provider: 'nope' } }),
        ),
      ).resolves.toEqual({
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
        requests: 0,
        activeUsers: 0,
        unpricedRequests: 0,
        costs: [],
      });
    });
  });

  describe('countUsers', () => {
    it('counts members and all users', async () => {
      await expect(repository.countUsers(acme)).resolves.toBe(3);
      await expect(repository.countUsers(global)).resolves.toBe(7);
    });
  });

  describe('summarize', () => {
    it('reads Acme in March at once', async () => {
      const summary = await repository.summarize(queryOf(acme, march1to3), 3);

      expect(summary.totals).toEqual({
        inputTokens: 480,
        outputTokens: 270,
        totalTokens: 750,
        requests: 5,
        activeUsers: 3,
        unpricedRequests: 1,
        costs: [
          { currency: 'EUR', amount: '0.0045' },
          { currency: 'USD', amount: '0.00185' },
        ],
      });
      expect(summary.userCount).toBe(3);
      // GPT-4o (2024) and Llama both have 150 tokens, so names break the tie.
      expect(summary.topModels).toEqual([
        'Claude Sonnet',
        'GPT-4o (2024)',
        'Llama',
      ]);
    });

    it('counts every user globally', async () => {
      const summary = await repository.summarize(queryOf(global), 10);

      expect(summary.totals.totalTokens).toBe(2557);
      expect(summary.totals.costs).toEqual([
        { currency: 'EUR', amount: '0.0075' },
        { currency: 'USD', amount: '0.01685' },
      ]);
      expect(summary.userCount).toBe(7);
    });

    it('returns zeros and no models without records', async () => {
      const summary = await repository.summarize(
        queryOf(acme, { ...march1to3, filters: { provider: 'nope' } }),
        5,
      );

      expect(summary).toEqual({
        totals: {
          inputTokens: 0,
          outputTokens: 0,
          totalTokens: 0,
          requests: 0,
          activeUsers: 0,
          unpricedRequests: 0,
          costs: [],
        },
        userCount: 3,
        topModels: [],
      });
    });
  });

  describe('sumByProvider', () => {
    it('orders Acme providers by tokens', async () => {
      await expect(
        repository.sumByProvider(queryOf(acme, march1to3)),
      ).resolves.toEqual([
        {
          provider: 'anthropic',
          tokens: 300,
          requests: 1,
          costs: [{ currency: 'EUR', amount: '0.0045' }],
        },
        {
          provider: 'openai',
          tokens: 200,
          requests: 2,
          costs: [{ currency: 'USD', amount: '0.0016' }],
        },
        {
          provider: 'meta',
          tokens: 150,
          requests: 1,
          costs: [{ currency: 'USD', amount: '0.00025' }],
        },
        { provider: 'mistral', tokens: 100, requests: 1, costs: [] },
      ]);
    });

    it('breaks token ties by byte order', async () => {
      const organization = await insertOrganization(dataSource, 'Tied');
      for (const provider of ['b_x', 'b.x', 'b-x']) {
        const model = await insertModel(dataSource, {
          name: `model-${provider}`,
          provider,
        });
        await insertUsage(dataSource, {
          organizationId: organization.id,
          userId: null,
          model,
          inputTokens: 10,
          outputTokens: 0,
          cost: null,
          createdAt: '2026-04-01T00:00:00Z',
        });
      }
      const scope: UsageScope = {
        kind: 'organization',
        organizationId: organization.id,
      };

      const providers = await repository.sumByProvider(queryOf(scope));

      expect(providers.map((row) => row.provider)).toEqual([
        'b-x',
        'b.x',
        'b_x',
      ]);
    });
  });

  describe('rankModels', () => {
    it('ranks by tokens then display name', async () => {
      const ranking = await repository.rankModels(queryOf(acme, march1to3), 10);

      expect(
        ranking.models.map((model) => [model.displayName, model.tokens]),
      ).toEqual([
        ['Claude Sonnet', 300],
        ['GPT-4o (2024)', 150],
        ['Llama', 150],
        ['Mistral Small', 100],
        ['GPT Mini', 50],
      ]);
      expect(ranking.modelCount).toBe(5);
      expect(ranking.tokens).toBe(750);
      expect(ranking.requests).toBe(5);
    });

    it('names models as the catalog does now', async () => {
      const ranking = await repository.rankModels(queryOf(acme, march1to3), 2);

      expect(ranking.models[1]).toEqual({
        modelId: fixture.models.gpt4o.id,
        modelName: 'gpt-4o-2024',
        displayName: 'GPT-4o (2024)',
        provider: 'openai',
        tokens: 150,
        requests: 1,
        costs: [{ currency: 'USD', amount: '0.0015' }],
      });
    });

    it('limits models but totals all', async () => {
      const ranking = await repository.rankModels(queryOf(acme, march1to3), 2);

      expect(ranking.models.map((model) => model.displayName)).toEqual([
        'Claude Sonnet',
        'GPT-4o (2024)',
      ]);
      expect(ranking.modelCount).toBe(5);
      expect(ranking.tokens).toBe(750);
      expect(ranking.requests).toBe(5);
    });

    it('breaks name ties by model id', async () => {
      const organization = await insertOrganization(dataSource, 'Twins');
      const twins = [
        await insertModel(dataSource, {
          name: 'twin-a',
          displayName: 'Twin',
          provider: 'openai',
        }),
        await insertModel(dataSource, {
          name: 'twin-b',
          displayName: 'Twin',
          provider: 'openai',
        }),
      ];
      for (const model of twins) {
        await insertUsage(dataSource, {
          organizationId: organization.id,
          userId: null,
          model,
          inputTokens: 5,
          outputTokens: 5,
          cost: null,
          createdAt: '2026-04-01T00:00:00Z',
        });
      }
      const scope: UsageScope = {
        kind: 'organization',
        organizationId: organization.id,
      };

      const ranking = await repository.rankModels(queryOf(scope), 10);

      const ids = twins.map((model) => model.id).sort();
      expect(ranking.models.map((model) => model.modelId)).toEqual(ids);
    });

    it('returns nothing without records', async () => {
      await expect(
        repository.rankModels(
          queryOf(acme, { ...march1to3, filters: { provider: 'nope' } }),
          10,
        ),
      ).resolves.toEqual({ models: [], modelCount: 0, tokens: 0, requests: 0 });
    });
  });

  describe('sumByProviderAndBucket', () => {
    it('fills UTC days with zeros', async () => {
      const series = await labelledSeries(queryOf(acme, march1to3));

      expect(series.buckets).toEqual([
        '2026-03-01T00:00:00+00:00',
        '2026-03-02T00:00:00+00:00',
        '2026-03-03T00:00:00+00:00',
      ]);
      expect(series.points).toEqual([
        ['2026-03-01T00:00:00+00:00', 'anthropic', 300, 1],
        ['2026-03-01T00:00:00+00:00', 'meta', 0, 0],
        ['2026-03-01T00:00:00+00:00', 'mistral', 0, 0],
        ['2026-03-01T00:00:00+00:00', 'openai', 150, 1],
        ['2026-03-02T00:00:00+00:00', 'anthropic', 0, 0],
        ['2026-03-02T00:00:00+00:00', 'meta', 0, 0],
        ['2026-03-02T00:00:00+00:00', 'mistral', 100, 1],
        ['2026-03-02T00:00:00+00:00', 'openai', 50, 1],
        ['2026-03-03T00:00:00+00:00', 'anthropic', 0, 0],
        ['2026-03-03T00:00:00+00:00', 'meta', 150, 1],
        ['2026-03-03T00:00:00+00:00', 'mistral', 0, 0],
        ['2026-03-03T00:00:00+00:00', 'openai', 0, 0],
      ]);
    });

    it('buckets days in Kolkata', async () => {
      const series = await labelledSeries(
        queryOf(acme, {
          ...march1to3,
          timeZone: 'Asia/Kolkata',
          filters: { provider: 'anthropic' },
        }),
      );

      expect(series.points).toEqual([
        ['2026-03-01T00:00:00+05:30', 'anthropic', 0, 0],
        ['2026-03-02T00:00:00+05:30', 'anthropic', 300, 1],
        ['2026-03-03T00:00:00+05:30', 'anthropic', 0, 0],
      ]);
    });

    it('buckets hours at local minute 0', async () => {
      // 10:00 UTC is 15:30 in Kolkata and 15:45 in Kathmandu.
      const range = {
        startDate: '2026-03-01T15:00',
        endDate: '2026-03-01T17:00',
        granularity: 'hour' as const,
        filters: { provider: 'openai' },
      };
      const kolkata = await labelledSeries(
        queryOf(acme, { ...range, timeZone: 'Asia/Kolkata' }),
      );
      const kathmandu = await labelledSeries(
        queryOf(acme, { ...range, timeZone: 'Asia/Kathmandu' }),
      );

      expect(kolkata.points).toEqual([
        ['2026-03-01T15:00:00+05:30', 'openai', 150, 1],
        ['2026-03-01T16:00:00+05:30', 'openai', 0, 0],
      ]);
      expect(kathmandu.points).toEqual([
        ['2026-03-01T15:00:00+05:45', 'openai', 150, 1],
        ['2026-03-01T16:00:00+05:45', 'openai', 0, 0],
      ]);
    });

    it('gives the Berlin spring day 23 hours', async () => {
      const hamburg: UsageScope = {
        kind: 'organization',
        organizationId: fixture.hamburg.id,
      };
      const series = await labelledSeries(
        queryOf(hamburg, {
          startDate: '2026-03-29',
          endDate: '2026-03-29',
          timeZone: 'Europe/Berlin',
          granularity: 'hour',
        }),
      );

      expect(series.buckets).toHaveLength(23);
      expect(series.buckets.slice(0, 3)).toEqual([
        '2026-03-29T00:00:00+01:00',
        '2026-03-29T01:00:00+01:00',
        '2026-03-29T03:00:00+02:00',
      ]);
      expect(series.buckets[22]).toBe('2026-03-29T23:00:00+02:00');
      expect(series.points.filter((point) => point[2] !== 0)).toEqual([
        ['2026-03-29T01:00:00+01:00', 'openai', 10, 1],
        ['2026-03-29T03:00:00+02:00', 'openai', 20, 1],
        ['2026-03-29T23:00:00+02:00', 'openai', 30, 1],
      ]);
    });

    it('gives the Berlin autumn day 25 hours', async () => {
      const hamburg: UsageScope = {
        kind: 'organization',
        organizationId: fixture.hamburg.id,
      };
      const series = await labelledSeries(
        queryOf(hamburg, {
          startDate: '2026-10-25',
          endDate: '2026-10-25',
          timeZone: 'Europe/Berlin',
          granularity: 'hour',
        }),
      );

      expect(series.buckets).toHaveLength(25);
      expect(series.buckets.slice(2, 4)).toEqual([
        '2026-10-25T02:00:00+02:00',
        '2026-10-25T02:00:00+01:00',
      ]);
      expect(series.points.filter((point) => point[2] !== 0)).toEqual([
        ['2026-10-25T02:00:00+02:00', 'openai', 1, 1],
        ['2026-10-25T02:00:00+01:00', 'openai', 2, 1],
        ['2026-10-25T23:00:00+01:00', 'openai', 3, 1],
      ]);
    });

    it('buckets Berlin days across DST', async () => {
      const hamburg: UsageScope = {
        kind: 'organization',
        organizationId: fixture.hamburg.id,
      };
      const series = await labelledSeries(
        queryOf(hamburg, {
          startDate: '2026-03-28',
          endDate: '2026-03-30',
          timeZone: 'Europe/Berlin',
        }),
      );

      expect(series.points).toEqual([
        ['2026-03-28T00:00:00+01:00', 'openai', 0, 0],
        ['2026-03-29T00:00:00+01:00', 'openai', 60, 3],
        ['2026-03-30T00:00:00+02:00', 'openai', 40, 1],
      ]);
    });

    it('labels partial weeks by their Monday', async () => {
      const series = await labelledSeries(
        queryOf(acme, { ...march1to3, granularity: 'week' }),
      );

      expect(series.buckets).toEqual([
        '2026-02-23T00:00:00+00:00',
        '2026-03-02T00:00:00+00:00',
      ]);
      expect(series.points.filter((point) => point[1] === 'openai')).toEqual([
        ['2026-02-23T00:00:00+00:00', 'openai', 150, 1],
        ['2026-03-02T00:00:00+00:00', 'openai', 50, 1],
      ]);
    });

    it('buckets months', async () => {
      const series = await labelledSeries(
        queryOf(global, {
          startDate: '2026-02-15',
          endDate: '2026-04-15',
          granularity: 'month',
          filters: { provider: 'anthropic' },
        }),
      );

      expect(series.points).toEqual([
        ['2026-02-01T00:00:00+00:00', 'anthropic', 0, 0],
        ['2026-03-01T00:00:00+00:00', 'anthropic', 500, 2],
        ['2026-04-01T00:00:00+00:00', 'anthropic', 0, 0],
      ]);
    });

    it('keeps buckets without providers', async () => {
      const series = await labelledSeries(
        queryOf(acme, {
          startDate: '2026-04-01',
          endDate: '2026-04-02',
        }),
      );

      expect(series).toEqual({
        buckets: ['2026-04-01T00:00:00+00:00', '2026-04-02T00:00:00+00:00'],
        points: [],
      });
    });

    it('returns nothing without a range', async () => {
      const series = await repository.sumByProviderAndBucket({
        ...queryOf(acme),
        range: null,
      });

      expect(series).toEqual({ bucketStarts: [], points: [] });
    });

    it.each([
      ['UTC'],
      ['Europe/Berlin'],
      ['Asia/Kolkata'],
      ['Asia/Kathmandu'],
      ['America/St_Johns'],
      ['America/Santiago'],
    ])('matches countBuckets in %s', async (timeZone) => {
      const ranges = [
        ['2026-01-01', '2026-12-31'],
        ['2026-03-27T13:20', '2026-04-02T07:05'],
        ['2026-10-24T23:59', '2026-10-26T00:01'],
      ];
      const granularities: Granularity[] = ['hour', 'day', 'week', 'month'];
      for (const [startDate, endDate] of ranges) {
        for (const granularity of granularities) {
          const query = queryOf(global, {
            startDate,
            endDate,
            timeZone,
            granularity,
            filters: { provider: 'nope' },
          });
          if (query.range === null) throw new Error('expected a range');
          const series = await repository.sumByProviderAndBucket(query);

          expect([startDate, granularity, series.bucketStarts.length]).toEqual([
            startDate,
            granularity,
            countBuckets(query.range, granularity, timeZone),
          ]);
        }
      }
    });
  });

  describe('PostgresTimeZoneCatalog', () => {
    it('spells zones as the database does', async () => {
      const catalog = new PostgresTimeZoneCatalog(dataSource);
      const names = [
        'Europe/Berlin',
        'asia/kathmandu',
        'utc',
        'AMERICA/PORT-AU-PRINCE',
        'Mars/Olympus_Mons',
      ];

      const canonical = await Promise.all(
        names.map((name) => catalog.canonicalName(name)),
      );

      expect(canonical).toEqual([
        'Europe/Berlin',
        'Asia/Kathmandu',
        'UTC',
        'America/Port-au-Prince',
        null,
      ]);
    });
  });
});
