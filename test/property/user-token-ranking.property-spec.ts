import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import {
  insertOrganization,
  insertUser,
  ModelFixture,
  replaceUsage,
  UserFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import {
  closeUserListings,
  expectRawListing,
  insertRankingModels,
  openUserListings,
  globalTokenQuery,
  UserListings,
} from '../support/user-ranking';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_MS = Date.UTC(2026, 0, 1);
/** January to March 2026: ranges touch one, two or three months. */
const SPAN_MS = 90 * DAY_MS;
const USERS_PER_ORGANIZATION = 6;

interface GeneratedRow {
  organization: number;
  user: number | null;
  model: number;
  inputTokens: number;
  outputTokens: number;
  createdAt: number;
}

// Large token counts give the monthly rows levels (2^15 tokens and up),
// so that most pages can be proven; small ones sit below every threshold.
const rowArbitrary: fc.Arbitrary<GeneratedRow> = fc.record({
  organization: fc.nat(1),
  user: fc.option(fc.nat(USERS_PER_ORGANIZATION - 1), { nil: null, freq: 8 }),
  model: fc.nat(2),
  inputTokens: fc.oneof(
    { weight: 1, arbitrary: fc.nat(5_000) },
    { weight: 4, arbitrary: fc.integer({ min: 30_000, max: 400_000 }) },
  ),
  outputTokens: fc.nat(20_000),
  createdAt: fc
    .integer({ min: 0, max: SPAN_MS - 1 })
    .map((ms) => FIRST_MS + ms),
});

/**
 * Ranges from a week to 70 days, to the second, on UTC midnights, or on
 * the half hours of a +05:30 zone's midnights.
 */
const rangeArbitrary = fc
  .tuple(
    fc.constantFrom(1000, DAY_MS),
    fc.integer({ min: -3, max: 80 }),
    fc.integer({ min: 0, max: DAY_MS / 1000 - 1 }),
    fc.integer({ min: 7, max: 70 }),
    fc.boolean(),
  )
  .map(([unit, day, second, days, kolkata]) => {
    let offset = 0;
    if (unit === 1000) offset = second * 1000;
    else if (kolkata) offset = -5.5 * 3600e3;
    const start = FIRST_MS + day * DAY_MS + offset;
    const end =
      start + days * DAY_MS + (unit === 1000 ? (second % 977) * 1000 : 0);

    return { start: new Date(start), end: new Date(end) };
  });

describe('user token ranking', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let organizations: string[];
  let users: UserFixture[][];
  let models: ModelFixture[];
  let listings: UserListings;

  beforeAll(async () => {
    database = await createTestDatabase('user_token_ranking_property');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 4));
    await dataSource.initialize();
    organizations = [];
    users = [];
    for (const name of ['Acme', 'Globex']) {
      const organization = await insertOrganization(dataSource, name);
      organizations.push(organization.id);
      const members: UserFixture[] = [];
      for (let index = 0; index < USERS_PER_ORGANIZATION; index += 1) {
        members.push(
          await insertUser(dataSource, {
            organizationId: organization.id,
            email: `user${index}@${name.toLowerCase()}.test`,
          }),
        );
      }
      users.push(members);
    }
    models = await insertRankingModels(dataSource, '1.999999999999');
    listings = openUserListings(dataSource);
  });

  afterAll(async () => {
    await closeUserListings(listings);
    await dataSource.destroy();
    await database.drop();
  });

  async function storeUsage(rows: GeneratedRow[]) {
    await replaceUsage(
      dataSource,
      rows.map((row) => ({
        organizationId: organizations[row.organization],
        userId: row.user === null ? null : users[row.organization][row.user].id,
        modelId: models[row.model].id,
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        createdAt: new Date(row.createdAt).toISOString(),
      })),
    );
  }

  it('matches the raw page when proven', async () => {
    let proven = 0;
    const runs = 120;

    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArbitrary, { minLength: 40, maxLength: 150 }),
        rangeArbitrary,
        fc.integer({ min: 1, max: 5 }),
        fc.nat(3),
        async (rows, range, limit, offset) => {
          await storeUsage(rows);
          const query = globalTokenQuery(range, limit, offset);

          if (await expectRawListing(listings, query)) proven += 1;
        },
      ),
      { numRuns: runs },
    );

    // The generator makes most pages provable; a ranking that gave up on
    // nearly all of them would pass the property above without being used.
    expect(proven).toBeGreaterThanOrEqual(runs / 4);
  });
});
