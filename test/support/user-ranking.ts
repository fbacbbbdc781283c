import { UserUsageQuery } from '../../src/modules/usage/application/ports/user-usage.repository';
import { PostgresUserTokenRanking } from '../../src/modules/usage/infrastructure/postgres-user-token-ranking';
import { PostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/postgres-user-usage.repository';
import { RawPostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/raw-postgres-user-usage.repository';

/** The ranking, the rollup listing that uses it and the raw listing, on one database. */
export interface UserListings {
  ranking: PostgresUserTokenRanking;
  rollup: PostgresUserUsageRepository;
  raw: RawPostgresUserUsageRepository;
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
