import { DataSource } from 'typeorm';
import { UserUsageQuery } from '../../src/modules/usage/application/ports/user-usage.repository';
import { PostgresUserTokenRanking } from '../../src/modules/usage/infrastructure/postgres-user-token-ranking';
import { PostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/postgres-user-usage.repository';
import { RawPostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/raw-postgres-user-usage.repository';
import { insertModel, ModelFixture } from './fixtures';

/** The ranking, the rollup listing that uses it and the raw listing, on one database. */
export interface UserListings {
  ranking: PostgresUserTokenRanking;
  rollup: PostgresUserUsageRepository;
  raw: RawPostgresUserUsageRepository;
}

/** Opens the three listings on a database. closeUserListings ends the ranking's connections. */
export function openUserListings(dataSource: DataSource): UserListings {
  return {
    ranking: new PostgresUserTokenRanking(dataSource),
    rollup: new PostgresUserUsageRepository(dataSource),
    raw: new RawPostgresUserUsageRepository(dataSource),
  };
}

/** Ends the connections that the ranking and the rollup listing opened. */
export async function closeUserListings(listings: UserListings): Promise<void> {
  await listings.ranking.close();
  await listings.rollup.onApplicationShutdown();
}

/**
 * Inserts the three models the ranking properties draw from: gpt-4o in
 * USD, mistral-large in EUR at `mistralInputPrice` per million input
 * tokens, and an unpriced llama.
 */
export async function insertRankingModels(
  dataSource: DataSource,
  mistralInputPrice: string,
): Promise<ModelFixture[]> {
  return [
    await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    }),
    await insertModel(dataSource, {
      name: 'mistral-large',
      provider: 'mistral',
      inputPricePerMillion: mistralInputPrice,
      outputPricePerMillion: '6',
      currency: 'EUR',
    }),
    await insertModel(dataSource, { name: 'llama', provider: 'meta' }),
  ];
}

/** Builds a page request of the global listing by tokens, descending. */
export function globalTokenQuery(
  range: { start: Date | number; end: Date | number },
  limit: number,
  offset: number,
): UserUsageQuery {
  return {
    scope: { kind: 'global' },
    range: { start: new Date(range.start), end: new Date(range.end) },
    filters: {},
    sort: { by: 'tokens', order: 'desc' },
    limit,
    offset,
  };
}

/**
 * Expects the ranking's page, when it proves one, and the rollup listing
 * to equal the raw listing. Returns whether the ranking proved the page.
 */
export async function expectRawListing(
  listings: UserListings,
  query: UserUsageQuery,
): Promise<boolean> {
  const expected = await listings.raw.findPage(query);
  const page = await listings.ranking.findPage(query);
  if (page !== null) expect(page).toEqual(expected.rows);
  expect(await listings.rollup.findPage(query)).toEqual(expected);

  return page !== null;
}
