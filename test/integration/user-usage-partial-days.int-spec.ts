import { DataSource } from 'typeorm';
import { UserUsageQuery } from '../../src/modules/usage/application/ports/user-usage.repository';
import { UsageQuery } from '../../src/modules/usage/domain/usage-query';
import { UsageScope } from '../../src/modules/usage/domain/usage-scope';
import { PostgresUsageRepository } from '../../src/modules/usage/infrastructure/postgres-usage.repository';
import { PostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/postgres-user-usage.repository';
import { RawPostgresUsageRepository } from '../../src/modules/usage/infrastructure/raw-postgres-usage.repository';
import { RawPostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/raw-postgres-user-usage.repository';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import {
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  OrganizationFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// A listing over most of a UTC day, ISO week or UTC month reads that
// bucket's rollup row minus the rest of it, so usage on both sides of the
// range must drop out.
describe('user usage over partial days', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let acme: OrganizationFixture;
  let rollup: PostgresUserUsageRepository;
  let raw: RawPostgresUserUsageRepository;
  let rollupTotals: PostgresUsageRepository;
  let rawTotals: RawPostgresUsageRepository;

  beforeAll(async () => {
    database = await createTestDatabase('user_usage_partial_days');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 2));
    await dataSource.initialize();
    acme = await insertOrganization(dataSource, 'Acme');
    const ann = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'ann@acme.test',
    });
    const model = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '1',
      outputPricePerMillion: '1',
    });
    // Tokens are powers of two, so each sum names the rows in it.
    const rows: [string, number][] = [
      ['2026-03-09T21:00:00Z', 1],
      ['2026-03-10T00:30:00Z', 2],
      ['2026-03-10T10:00:00Z', 4],
      ['2026-03-10T22:30:00Z', 8],
      ['2026-03-10T23:30:00Z', 16],
      ['2026-03-11T00:10:00Z', 32],
      ['2026-03-01T12:00:00Z', 64],
      ['2026-03-20T08:00:00Z', 128],
      ['2026-04-01T00:00:00Z', 256],
      // JavaScript's Date.UTC reads the years 0 to 99 as 1900 to 1999.
      ['0050-03-15T00:00:00Z', 512],
      ['1950-03-15T00:00:00Z', 1024],
    ];
    for (const [createdAt, tokens] of rows) {
      await insertUsage(dataSource, {
        organizationId: acme.id,
        userId: ann.id,
        model,
        inputTokens: tokens,
        outputTokens: 0,
        cost: (tokens / 1_000_000).toFixed(6),
        createdAt,
      });
    }
    rollup = new PostgresUserUsageRepository(dataSource);
    raw = new RawPostgresUserUsageRepository(dataSource);
    rollupTotals = new PostgresUsageRepository(dataSource);
    rawTotals = new RawPostgresUsageRepository(dataSource);
  });

  afterAll(async () => {
    await rollup.onApplicationShutdown();
    await dataSource.destroy();
    await database.drop();
  });

  const scopeOf = (kind: UsageScope['kind']): UsageScope =>
    kind === 'organization'
      ? { kind, organizationId: acme.id }
      : { kind: 'global' };
  // Range start, range end, then the tokens, requests and cost inside it.
  const cases: [string, string, number, number, string][] = [
    ['2026-03-10T01:00:00Z', '2026-03-10T22:00:00Z', 4, 1, '0.000004'],
    ['2026-03-10T00:00:00Z', '2026-03-10T23:00:00Z', 14, 3, '0.000014'],
    ['2026-03-09T20:00:00Z', '2026-03-10T23:00:00Z', 15, 4, '0.000015'],
    ['2026-03-10T00:45:00Z', '2026-03-11T00:00:00Z', 28, 3, '0.000028'],
    // Six days of the week from Monday 2026-03-09: the week minus that Monday.
    ['2026-03-10T00:00:00Z', '2026-03-16T00:00:00Z', 62, 5, '0.000062'],
    // March without its first day: the month minus 2026-03-01.
    ['2026-03-02T00:00:00Z', '2026-04-01T00:00:00Z', 191, 7, '0.000191'],
    ['0050-01-01T00:00:00Z', '0052-01-01T00:00:00Z', 512, 1, '0.000512'],
    ['0050-03-02T00:00:00Z', '0050-04-01T00:00:00Z', 512, 1, '0.000512'],
  ];

  describe.each(['organization', 'global'] as const)('%s scope', (kind) => {
    it.each(cases)(
      'sums %s to %s',
      async (start, end, tokens, requests, cost) => {
        const scope = scopeOf(kind);
        const query: UserUsageQuery = {
          scope,
          range: { start: new Date(start), end: new Date(end) },
          filters: {},
          sort: { by: 'tokens', order: 'desc' },
          limit: 10,
          offset: 0,
        };

        const page = await rollup.findPage(query);

        expect(page.rows).toHaveLength(1);
        expect(page.rows[0].tokens).toBe(tokens);
        expect(page.rows[0].requests).toBe(requests);
        expect(page.rows[0].costs).toEqual([{ currency: 'USD', amount: cost }]);
        expect(page).toEqual(await raw.findPage(query));
      },
    );

    it('sums the totals of the year 50', async () => {
      const query: UsageQuery = {
        scope: scopeOf(kind),
        range: {
          start: new Date('0050-01-01T00:00:00Z'),
          end: new Date('0052-01-01T00:00:00Z'),
        },
        timeZone: 'UTC',
        granularity: 'month',
        filters: {},
      };

      const totals = await rollupTotals.sumTotals(query);

      expect(totals.totalTokens).toBe(512);
      expect(totals.activeUsers).toBe(1);
      expect(totals).toEqual(await rawTotals.sumTotals(query));
    });
  });
});
