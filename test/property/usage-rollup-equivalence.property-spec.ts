import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { UserUsageQuery } from '../../src/modules/usage/application/ports/user-usage.repository';
import {
  countBuckets,
  Granularity,
  GRANULARITIES,
  MAX_BUCKETS,
} from '../../src/modules/usage/domain/usage-buckets';
import {
  UsageFilters,
  UsageQuery,
} from '../../src/modules/usage/domain/usage-query';
import { UsageRange } from '../../src/modules/usage/domain/usage-range';
import { UsageScope } from '../../src/modules/usage/domain/usage-scope';
import { UserUsageSort } from '../../src/modules/usage/domain/user-usage';
import { PostgresUsageRepository } from '../../src/modules/usage/infrastructure/postgres-usage.repository';
import { PostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/postgres-user-usage.repository';
import { RawPostgresUsageRepository } from '../../src/modules/usage/infrastructure/raw-postgres-usage.repository';
import { RawPostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/raw-postgres-user-usage.repository';
import {
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  OrganizationFixture,
  replaceUsage,
  UserFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Adelaide',
];
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const FIRST_MS = Date.UTC(2026, 0, 1);
const SPAN_MS = 120 * 24 * 60 * 60 * 1000;
// Daylight-saving days of the zones above in 2026, as UTC midnights.
const DST_DAYS_MS = [
  Date.UTC(2026, 2, 8),
  Date.UTC(2026, 2, 29),
  Date.UTC(2026, 3, 5),
];

/** Instants to the millisecond, often on 15-minute boundaries or DST days. */
const instantArbitrary = fc.oneof(
  fc.integer({ min: 0, max: SPAN_MS }).map((offset) => FIRST_MS + offset),
  fc
    .integer({ min: 0, max: SPAN_MS / QUARTER_HOUR_MS })
    .map((quarter) => FIRST_MS + quarter * QUARTER_HOUR_MS),
  fc
    .tuple(
      fc.constantFrom(...DST_DAYS_MS),
      fc.integer({ min: 0, max: 2 * 24 * 3600 * 1000 }),
    )
    .map(([day, offset]) => day + offset),
);

interface GeneratedRow {
  organization: number;
  user: number | null;
  model: number;
  inputTokens: number;
  outputTokens: number;
  createdAt: number;
}

const rowArbitrary: fc.Arbitrary<GeneratedRow> = fc.record({
  organization: fc.nat(2),
  user: fc.option(fc.nat(2), { nil: null, freq: 5 }),
  model: fc.nat(3),
  inputTokens: fc.nat(5000),
  outputTokens: fc.nat(5000),
  createdAt: instantArbitrary,
});

/** A range of whole units of `unitMs`, which may start before the data. */
const rangeOf = (unitMs: number) =>
  fc
    .tuple(
      fc.integer({ min: -86400000 / unitMs, max: SPAN_MS / unitMs }),
      fc.integer({ min: 0, max: SPAN_MS / unitMs }),
    )
    .map(([start, length]) => ({
      start: new Date(FIRST_MS + start * unitMs),
      end: new Date(FIRST_MS + (start + length) * unitMs),
    }));

/**
 * A range to the second, or of whole hours or UTC days (which the hourly
 * and daily rollups serve), none (all time), or an empty one.
 */
const rangeArbitrary = fc.oneof(
  fc.constant(null),
  rangeOf(1000),
  rangeOf(60 * 60 * 1000),
  rangeOf(24 * 60 * 60 * 1000),
);

const sortArbitrary: fc.Arbitrary<UserUsageSort> = fc.oneof(
  fc.record({
    by: fc.constantFrom(
      'tokens' as const,
      'requests' as const,
      'lastActivity' as const,
      'userName' as const,
    ),
    order: fc.constantFrom('asc' as const, 'desc' as const),
  }),
  fc.record({
    by: fc.constant('cost' as const),
    order: fc.constantFrom('asc' as const, 'desc' as const),
    currency: fc.constantFrom('USD', 'EUR'),
  }),
);

describe('rollup adapters', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let organizations: OrganizationFixture[];
  let users: UserFixture[][];
  let models: ModelFixture[];
  let raw: RawPostgresUsageRepository;
  let rollup: PostgresUsageRepository;
  let rawUsers: RawPostgresUserUsageRepository;
  let rollupUsers: PostgresUserUsageRepository;

  beforeAll(async () => {
    database = await createTestDatabase('rollup_equivalence');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 4));
    await dataSource.initialize();
    organizations = [];
    users = [];
    for (const name of ['Acme', 'Globex', 'Initech']) {
      const organization = await insertOrganization(dataSource, name);
      organizations.push(organization);
      users.push(
        await Promise.all(
          ['ann', 'bo', 'cy'].map((user) =>
            insertUser(dataSource, {
              organizationId: organization.id,
              email: `${user}@${name.toLowerCase()}.test`,
            }),
          ),
        ),
      );
    }
    models = [
      await insertModel(dataSource, {
        name: 'gpt-4o',
        provider: 'openai',
        inputPricePerMillion: '2.5',
        outputPricePerMillion: '10',
      }),
      await insertModel(dataSource, {
        name: 'gpt-mini',
        displayName: 'GPT',
        provider: 'openai',
        inputPricePerMillion: '0.15',
        outputPricePerMillion: '0.6',
      }),
      await insertModel(dataSource, {
        name: 'mistral-large',
        displayName: 'GPT',
        provider: 'mistral',
        inputPricePerMillion: '1.999999999999',
        outputPricePerMillion: '6',
        currency: 'EUR',
      }),
      await insertModel(dataSource, {
        name: 'llama',
        provider: 'meta',
        currency: 'EUR',
      }),
    ];
    raw = new RawPostgresUsageRepository(dataSource);
    rollup = new PostgresUsageRepository(dataSource);
    rawUsers = new RawPostgresUserUsageRepository(dataSource);
    rollupUsers = new PostgresUserUsageRepository(dataSource);
  });

  afterAll(async () => {
    await rollupUsers.onApplicationShutdown();
    await dataSource.destroy();
    await database.drop();
  });

  /** Stores `rows`, of which those from `pendingFrom` on stay pending. */
  async function storeUsage(rows: GeneratedRow[], pendingFrom: number) {
    await replaceUsage(
      dataSource,
      rows.map((row) => ({
        organizationId: organizations[row.organization].id,
        userId: row.user === null ? null : users[row.organization][row.user].id,
        modelId: models[row.model].id,
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        createdAt: new Date(row.createdAt).toISOString(),
      })),
      pendingFrom,
    );
  }

  function granularityFor(
    requested: Granularity,
    range: UsageRange | null,
    timeZone: string,
  ): Granularity {
    if (range === null) return requested;
    const fitting = GRANULARITIES.find(
      (granularity) =>
        GRANULARITIES.indexOf(granularity) >=
          GRANULARITIES.indexOf(requested) &&
        countBuckets(range, granularity, timeZone) <= MAX_BUCKETS,
    );

    return fitting ?? 'month';
  }

  async function expectSameAnswers(
    scope: UsageScope,
    givenRange: UsageRange | null,
    timeZone: string,
    requested: Granularity,
    filters: UsageFilters,
    limit: number,
    sort: UserUsageSort,
    offset: number,
  ) {
    const bounds = await raw.findTimeBounds(scope, filters);
    expect(await rollup.findTimeBounds(scope, filters)).toEqual(bounds);

    const range = givenRange ?? bounds;
    const granularity = granularityFor(requested, range, timeZone);
    const query: UsageQuery = { scope, range, timeZone, granularity, filters };
    expect(await rollup.sumTotals(query)).toEqual(await raw.sumTotals(query));
    expect(await rollup.sumByProvider(query)).toEqual(
      await raw.sumByProvider(query),
    );
    expect(await rollup.sumByProviderAndBucket(query)).toEqual(
      await raw.sumByProviderAndBucket(query),
    );
    expect(await rollup.rankModels(query, limit)).toEqual(
      await raw.rankModels(query, limit),
    );
    expect(await rollup.summarize(query, limit)).toEqual(
      await raw.summarize(query, limit),
    );

    const page: UserUsageQuery = { scope, range, filters, sort, limit, offset };
    expect(await rollupUsers.findPage(page)).toEqual(
      await rawUsers.findPage(page),
    );
  }

  it('match the raw adapters', async () => {
    const filtersArbitrary: fc.Arbitrary<UsageFilters> = fc.oneof(
      { weight: 3, arbitrary: fc.constant({}) },
      fc.constantFrom('openai', 'mistral', 'none').map((provider) => ({
        provider,
      })),
      fc.nat(3).map((model) => ({ modelId: models[model].id })),
    );

    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArbitrary, { maxLength: 200 }),
        rangeArbitrary,
        fc.constantFrom(...ZONES),
        fc.constantFrom(...GRANULARITIES),
        filtersArbitrary,
        fc.integer({ min: 1, max: 4 }),
        sortArbitrary,
        fc.nat(2),
        // How many of the rows are folded into the rollups, as a share of
        // them: none, some or all; the rest stay pending.
        fc.oneof(
          fc.constant(0),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.constant(1),
        ),
        async (
          rows,
          range,
          timeZone,
          granularity,
          filters,
          limit,
          sort,
          offset,
          foldedShare,
        ) => {
          await storeUsage(rows, Math.round(rows.length * foldedShare));
          const organization: UsageScope = {
            kind: 'organization',
            organizationId: organizations[0].id,
          };

          for (const scope of [organization, { kind: 'global' } as const]) {
            await expectSameAnswers(
              scope,
              range,
              timeZone,
              granularity,
              filters,
              limit,
              sort,
              offset,
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
