import { UserUsageQuery } from '../application/ports/user-usage.repository';
import { PostgresUserTokenRanking } from './postgres-user-token-ranking';

const NOW = Date.parse('2026-12-05T17:00:00Z');

function query(
  start: string,
  end: string,
  changes: Partial<UserUsageQuery> = {},
): UserUsageQuery {
  return {
    scope: { kind: 'global' },
    range: { start: new Date(start), end: new Date(end) },
    filters: {},
    sort: { by: 'tokens', order: 'desc' },
    limit: 50,
    offset: 0,
    ...changes,
  };
}

const serves = (q: UserUsageQuery) => PostgresUserTokenRanking.serves(q, NOW);

describe('PostgresUserTokenRanking.serves', () => {
  it('serves the last 30 days by tokens', () => {
    expect(serves(query('2026-11-05T00:00:00Z', '2026-12-05T00:00:00Z'))).toBe(
      true,
    );
  });

  it('counts months only up to now', () => {
    expect(serves(query('2026-12-01T00:00:00Z', '2026-12-05T00:00:00Z'))).toBe(
      true,
    );
    // 7 of the 34.7 days from November 1 to now.
    expect(serves(query('2026-11-28T00:00:00Z', '2026-12-05T00:00:00Z'))).toBe(
      false,
    );
  });

  it('needs 40% of the months covered', () => {
    // 24 of the 59 days of January and February: 40.7%.
    expect(serves(query('2026-01-20T00:00:00Z', '2026-02-13T00:00:00Z'))).toBe(
      true,
    );
    // 23 of 59 days: 39.0%.
    expect(serves(query('2026-01-20T00:00:00Z', '2026-02-12T00:00:00Z'))).toBe(
      false,
    );
  });

  it('serves ranges of at most three UTC months', () => {
    expect(serves(query('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z'))).toBe(
      true,
    );
    expect(serves(query('2026-01-01T00:00:00Z', '2026-04-01T00:00:01Z'))).toBe(
      false,
    );
  });

  it('serves pages of 1 to 200 places', () => {
    const range = ['2026-11-05T00:00:00Z', '2026-12-05T00:00:00Z'] as const;
    expect(serves(query(...range, { limit: 100, offset: 100 }))).toBe(true);
    expect(serves(query(...range, { limit: 100, offset: 101 }))).toBe(false);
    expect(serves(query(...range, { limit: 0, offset: 0 }))).toBe(false);
  });

  it('rejects every other listing', () => {
    const range = ['2026-11-05T00:00:00Z', '2026-12-05T00:00:00Z'] as const;
    const others: Partial<UserUsageQuery>[] = [
      { scope: { kind: 'organization', organizationId: 'o' } },
      { search: 'ann' },
      { filters: { provider: 'openai' } },
      { filters: { modelId: 'm' } },
      { sort: { by: 'tokens', order: 'asc' } },
      { sort: { by: 'requests', order: 'desc' } },
      { range: null },
      {
        range: {
          start: new Date('2026-11-05T00:00:00Z'),
          end: new Date('2026-11-05T00:00:00Z'),
        },
      },
    ];

    for (const changes of others) {
      expect(serves(query(...range, changes))).toBe(false);
    }
  });
});
