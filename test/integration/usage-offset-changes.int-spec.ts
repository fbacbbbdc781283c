import { DataSource } from 'typeorm';
import { UsageRepository } from '../../src/modules/usage/application/ports/usage.repository';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { UsageQuery } from '../../src/modules/usage/domain/usage-query';
import { UsageScope } from '../../src/modules/usage/domain/usage-scope';
import { PostgresUsageRepository } from '../../src/modules/usage/infrastructure/postgres-usage.repository';
import { RawPostgresUsageRepository } from '../../src/modules/usage/infrastructure/raw-postgres-usage.repository';
import {
  insertModel,
  insertOrganization,
  insertUsage,
  ModelFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// A record's hour bucket is its local hour under its own offset, and the
// bucket starts at the first instant of that hour and offset. The expected
// buckets below are worked out by hand from the changes in the tz
// database.
describe('hour series across offset changes within an hour', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let model: ModelFixture;
  const repositories: [string, () => UsageRepository][] = [
    ['rollups', () => new PostgresUsageRepository(dataSource)],
    ['raw rows', () => new RawPostgresUsageRepository(dataSource)],
  ];

  beforeAll(async () => {
    database = await createTestDatabase('usage_offset_changes');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 2));
    await dataSource.initialize();
    model = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
    });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function organizationWith(
    name: string,
    records: [createdAt: string, tokens: number][],
  ): Promise<UsageScope> {
    const organization = await insertOrganization(dataSource, name);
    for (const [createdAt, tokens] of records) {
      await insertUsage(dataSource, {
        organizationId: organization.id,
        userId: null,
        model,
        inputTokens: tokens,
        outputTokens: 0,
        cost: null,
        createdAt,
      });
    }

    return { kind: 'organization', organizationId: organization.id };
  }

  function hourQuery(
    scope: UsageScope,
    timeZone: string,
    start: string,
    end: string,
  ): UsageQuery {
    return {
      scope,
      range: { start: new Date(start), end: new Date(end) },
      timeZone,
      granularity: 'hour',
      filters: {},
    };
  }

  async function seriesOf(repository: UsageRepository, query: UsageQuery) {
    const series = await repository.sumByProviderAndBucket(query);

    return series.points.map((point) => [
      point.bucketStart.toISOString(),
      point.tokens,
      point.requests,
    ]);
  }

  describe.each(repositories)('from %s', (source, repositoryOf) => {
    // Pyongyang went from +09:00 to +08:30 at 2015-08-15 00:00 local
    // (15:00 UTC), so 23:30 to 24:00 local came twice.
    it('keeps the repeated half hour of Pyongyang', async () => {
      const scope = await organizationWith(`Pyongyang ${source}`, [
        ['2015-08-14T14:10:00Z', 10], // 23:10 +09:00
        ['2015-08-14T14:50:00Z', 20], // 23:50 +09:00
        ['2015-08-14T15:06:00Z', 40], // 23:36 +08:30, the repeat
        ['2015-08-14T15:40:00Z', 80], // 00:10 +08:30
      ]);
      const query = hourQuery(
        scope,
        'Asia/Pyongyang',
        '2015-08-14T14:00:00Z', // 23:00 +09:00
        '2015-08-14T16:30:00Z', // 01:00 +08:30
      );

      // The repeat of 23:30 to 24:00 starts at 23:30 +08:30.
      expect(await seriesOf(repositoryOf(), query)).toEqual([
        ['2015-08-14T14:00:00.000Z', 30, 2],
        ['2015-08-14T15:00:00.000Z', 40, 1],
        ['2015-08-14T15:30:00.000Z', 80, 1],
      ]);
    });

    // Kathmandu went from +05:30 to +05:45 at 1986-01-01 00:00 local
    // (1985-12-31 18:30 UTC), so its local hour 00 lasted 45 minutes.
    it('keeps the short hour of Kathmandu', async () => {
      const scope = await organizationWith(`Kathmandu ${source}`, [
        ['1985-12-31T18:10:00Z', 10], // 23:40 +05:30
        ['1985-12-31T18:36:00Z', 20], // 00:21 +05:45
        ['1985-12-31T19:13:00Z', 40], // 00:58 +05:45
        ['1985-12-31T19:20:00Z', 80], // 01:05 +05:45
      ]);
      const query = hourQuery(
        scope,
        'Asia/Kathmandu',
        '1985-12-31T17:30:00Z', // 23:00 +05:30
        '1985-12-31T20:15:00Z', // 02:00 +05:45
      );

      // Hour 00 starts at 00:15 +05:45, where the change put the clock.
      expect(await seriesOf(repositoryOf(), query)).toEqual([
        ['1985-12-31T17:30:00.000Z', 10, 1],
        ['1985-12-31T18:30:00.000Z', 60, 2],
        ['1985-12-31T19:15:00.000Z', 80, 1],
      ]);
    });

    // Lord Howe moves from +10:30 to +11:00 at 02:00 local on the first
    // Sunday of October, 2026-10-03 15:30 UTC, so its hour 02 lasts from
    // 02:30 to 03:00.
    it('starts the half hour of Lord Howe at 02:30', async () => {
      const scope = await organizationWith(`Lord Howe ${source}`, [
        ['2026-10-03T14:45:00Z', 10], // 01:15 +10:30
        ['2026-10-03T15:10:00Z', 20], // 01:40 +10:30
        ['2026-10-03T15:40:00Z', 40], // 02:40 +11:00
        ['2026-10-03T16:10:00Z', 80], // 03:10 +11:00
      ]);
      const query = hourQuery(
        scope,
        'Australia/Lord_Howe',
        '2026-10-03T13:30:00Z', // 00:00 +10:30
        '2026-10-03T17:00:00Z', // 04:00 +11:00
      );

      expect(await seriesOf(repositoryOf(), query)).toEqual([
        ['2026-10-03T13:30:00.000Z', 0, 0],
        ['2026-10-03T14:30:00.000Z', 30, 2],
        ['2026-10-03T15:30:00.000Z', 40, 1],
        ['2026-10-03T16:00:00.000Z', 80, 1],
      ]);
    });

    // Chatham moves from +12:45 to +13:45 at 02:45 local on the last
    // Sunday of September, 2026-09-26 14:00 UTC, so its hour 02 ends after
    // 45 minutes and hour 03 lasts from 03:45 to 04:00.
    it('keeps the quarter hour of Chatham apart', async () => {
      const scope = await organizationWith(`Chatham ${source}`, [
        ['2026-09-26T13:20:00Z', 10], // 02:05 +12:45
        ['2026-09-26T13:50:00Z', 20], // 02:35 +12:45
        ['2026-09-26T14:10:00Z', 40], // 03:55 +13:45
        ['2026-09-26T14:20:00Z', 80], // 04:05 +13:45
      ]);
      const query = hourQuery(
        scope,
        'Pacific/Chatham',
        '2026-09-26T12:15:00Z', // 01:00 +12:45
        '2026-09-26T15:15:00Z', // 05:00 +13:45
      );

      expect(await seriesOf(repositoryOf(), query)).toEqual([
        ['2026-09-26T12:15:00.000Z', 0, 0],
        ['2026-09-26T13:15:00.000Z', 30, 2],
        ['2026-09-26T14:00:00.000Z', 40, 1],
        ['2026-09-26T14:15:00.000Z', 80, 1],
      ]);
    });
  });
});
