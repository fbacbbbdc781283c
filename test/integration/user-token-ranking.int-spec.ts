import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { PostgresUserTokenRanking } from '../../src/modules/usage/infrastructure/postgres-user-token-ranking';
import { PostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/postgres-user-usage.repository';
import { RawPostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/raw-postgres-user-usage.repository';
import {
  foldPendingUsage,
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  ModelFixture,
  UserFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { globalTokenQuery } from '../support/user-ranking';

// Three weeks over the turn of January 2026: the ranking reads January
// and February from the monthly rollup.
const RANGE = {
  start: new Date('2026-01-20T00:00:00Z'),
  end: new Date('2026-02-10T00:00:00Z'),
};

const pageQuery = (limit: number, offset: number) =>
  globalTokenQuery(RANGE, limit, offset);

describe('PostgresUserTokenRanking', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let ranking: PostgresUserTokenRanking;
  let users: Record<'ann' | 'bo' | 'cy' | 'dee' | 'ed', UserFixture>;
  let model: ModelFixture;

  beforeAll(async () => {
    database = await createTestDatabase('user_token_ranking');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 2));
    await dataSource.initialize();
    ranking = new PostgresUserTokenRanking(dataSource);

    const acme = await insertOrganization(dataSource, 'Acme');
    const globex = await insertOrganization(dataSource, 'Globex');
    const member = (organizationId: string, name: string) =>
      insertUser(dataSource, { organizationId, email: `${name}@x.test` });
    users = {
      ann: await member(acme.id, 'ann'),
      bo: await member(acme.id, 'bo'),
      cy: await member(acme.id, 'cy'),
      dee: await member(globex.id, 'dee'),
      ed: await member(globex.id, 'ed'),
    };
    model = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '1',
      outputPricePerMillion: '2',
    });

    const use = (
      user: UserFixture | { id: string; organizationId: string },
      createdAt: string,
      inputTokens: number,
      outputTokens = 0,
    ) =>
      insertUsage(dataSource, {
        organizationId: user.organizationId,
        userId: user.id,
        model,
        inputTokens,
        outputTokens,
        cost: String((inputTokens + 2 * outputTokens) / 1e6),
        createdAt,
      });
    // In the range: bo 250,000 (150,000 + 100,000), dee 250,000, ann
    // 200,000, cy 120,000, ed 0.
    await use(users.bo, '2026-01-21T08:00:00Z', 150_000);
    await use(users.bo, '2026-02-09T23:59:59Z', 100_000);
    await use(users.bo, '2026-02-15T00:00:00Z', 100_000);
    await use(users.dee, '2026-01-25T12:00:00Z', 200_000, 50_000);
    await use(users.ann, '2026-01-05T12:00:00Z', 100_000);
    await use(users.ann, '2026-01-26T12:00:00Z', 180_000, 20_000);
    await use(users.cy, '2026-02-02T12:00:00Z', 120_000);
    await use(users.ed, '2026-01-10T12:00:00Z', 150_000);
    await use(users.ed, '2026-02-10T00:00:00Z', 30_000);
    // Usage of a user id that no user has: the listings leave it out.
    await use(
      { id: randomUUID(), organizationId: acme.id },
      '2026-01-22T12:00:00Z',
      40_000,
    );
    await foldPendingUsage(dataSource);
  });

  afterAll(async () => {
    await ranking.close();
    await dataSource.destroy();
    await database.drop();
  });

  const byId = (a: UserFixture, b: UserFixture) => (a.id < b.id ? -1 : 1);

  it('proves the first page', async () => {
    const [first, second] = [users.bo, users.dee].sort(byId);

    const page = await ranking.findPage(pageQuery(3, 0));

    expect(
      page?.map((row) => [row.userId, row.tokens, row.requests, row.costs]),
    ).toEqual([
      ...[first, second].map((user) =>
        user === users.bo
          ? [user.id, 250_000, 2, [{ currency: 'USD', amount: '0.25' }]]
          : [user.id, 250_000, 1, [{ currency: 'USD', amount: '0.3' }]],
      ),
      [users.ann.id, 200_000, 1, [{ currency: 'USD', amount: '0.22' }]],
    ]);
  });

  it('starts a page at its offset', async () => {
    const [, second] = [users.bo, users.dee].sort(byId);

    const page = await ranking.findPage(pageQuery(2, 1));

    expect(page?.map((row) => [row.userId, row.tokens])).toEqual([
      [second.id, 250_000],
      [users.ann.id, 200_000],
    ]);
  });

  it('proves nothing while usage of its months is pending', async () => {
    await insertUsage(dataSource, {
      organizationId: users.ed.organizationId,
      userId: users.ed.id,
      model,
      inputTokens: 10,
      outputTokens: 0,
      cost: '0.00001',
      createdAt: '2026-02-27T12:00:00Z',
      requestId: 'pending-in-february',
    });

    await expect(ranking.findPage(pageQuery(3, 0))).resolves.toBeNull();

    await dataSource.query(
      `DELETE FROM usage WHERE request_id = 'pending-in-february'`,
    );
    await expect(ranking.findPage(pageQuery(3, 0))).resolves.toHaveLength(3);
  });

  it('gives up when too few users have tokens', async () => {
    // Four users have tokens in the range; the fifth place needs them all.
    await expect(ranking.findPage(pageQuery(5, 0))).resolves.toBeNull();
  });

  it('lists the raw pages through the repository', async () => {
    const rollup = new PostgresUserUsageRepository(dataSource);
    const raw = new RawPostgresUserUsageRepository(dataSource);

    for (const [limit, offset] of [
      [3, 0],
      [2, 1],
      [5, 0],
      [1, 4],
    ]) {
      const query = pageQuery(limit, offset);
      expect(await rollup.findPage(query)).toEqual(await raw.findPage(query));
    }
    await rollup.onApplicationShutdown();
  });

  it('levels tokens from 2^15 up', async () => {
    const levels: { tokens: string; level: number | null }[] =
      await dataSource.query(`
        SELECT t::text AS tokens, usage_token_level(t) AS level
        FROM unnest('{32767,32768,40959,40960,65535,65536,8070450532247928831,8070450532247928832,9223372036854775807}'::bigint[]) AS t`);

    expect(levels).toEqual([
      { tokens: '32767', level: null },
      { tokens: '32768', level: 1 },
      { tokens: '40959', level: 1 },
      { tokens: '40960', level: 2 },
      { tokens: '65535', level: 4 },
      { tokens: '65536', level: 5 },
      { tokens: '8070450532247928831', level: 191 },
      { tokens: '8070450532247928832', level: 192 },
      { tokens: '9223372036854775807', level: 192 },
    ]);
  });
});
