import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { UserUsageQuery } from '../application/ports/user-usage.repository';
import { UsageScope } from '../domain/usage-scope';
import { PostgresUserUsageRepository } from './postgres-user-usage.repository';
import { RawPostgresUserUsageRepository } from './raw-postgres-user-usage.repository';

const SERIAL = 'SET LOCAL max_parallel_workers_per_gather = 0';

/** Records the statements a repository sends, by the way it sends them. */
function recordingDataSource() {
  const sent = { plain: [] as string[], prepared: [] as string[] };
  const transactions: string[][] = [];
  // The ranking's statement always returns its verdict row; here it
  // proves nothing, so the listing sums every user.
  const rowsFor = (text: string) =>
    text.includes('count(*) AS total')
      ? [{ total: '0' }]
      : text.includes('AS proven')
        ? [{ proven: false }]
        : [];
  const prepare = ({ text }: { text: string }) => {
    sent.prepared.push(text);

    return Promise.resolve({ rows: rowsFor(text) });
  };
  // The ranking prepares its statement on a pool of its own, which never
  // connects here.
  jest
    .spyOn(Pool.prototype, 'query')
    .mockImplementation(prepare as unknown as Pool['query']);
  const dataSource = {
    options: { url: 'postgres://127.0.0.1:1/unused', extra: {} },
    query: (text: string) => {
      sent.plain.push(text);

      return Promise.resolve(rowsFor(text));
    },
    transaction: async <T>(
      work: (manager: { query(text: string): Promise<unknown> }) => Promise<T>,
    ) => {
      const statements: string[] = [];
      transactions.push(statements);

      return work({
        query: (text: string) => {
          statements.push(text);

          return Promise.resolve(rowsFor(text));
        },
      });
    },
    driver: { master: { query: prepare } },
  };

  return {
    dataSource: dataSource as unknown as DataSource,
    sent,
    transactions,
  };
}

function queryOf(scope: UsageScope): UserUsageQuery {
  return {
    scope,
    range: {
      start: new Date('2026-11-04T00:00:00Z'),
      end: new Date('2026-12-04T00:00:00Z'),
    },
    filters: {},
    sort: { by: 'tokens', order: 'desc' },
    limit: 50,
    offset: 0,
  };
}

describe('user listing statements', () => {
  afterEach(() => jest.restoreAllMocks());

  it('runs a global rollup page serially', async () => {
    const { dataSource, sent, transactions } = recordingDataSource();

    await new PostgresUserUsageRepository(dataSource).findPage({
      ...queryOf({ kind: 'global' }),
      sort: { by: 'requests', order: 'desc' },
    });

    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toHaveLength(2);
    expect(transactions[0][0]).toBe(SERIAL);
    expect(transactions[0][1]).toContain('usage_user_monthly_rollup');
    expect(sent.plain).toHaveLength(1);
    expect(sent.plain[0]).toContain('count(*) AS total');
    expect(sent.prepared).toEqual([]);
  });

  it('tries the ranking of a global page by tokens first, prepared', async () => {
    const { dataSource, sent, transactions } = recordingDataSource();

    await new PostgresUserUsageRepository(dataSource).findPage({
      ...queryOf({ kind: 'global' }),
      range: {
        start: new Date('2026-01-01T00:00:00Z'),
        end: new Date('2026-02-01T00:00:00Z'),
      },
    });

    expect(sent.prepared).toHaveLength(1);
    expect(sent.prepared[0]).toContain('usage_token_level');
    // It proved nothing, so the page sums every user, serially.
    expect(transactions).toHaveLength(1);
    expect(transactions[0][0]).toBe(SERIAL);
  });

  it('keeps workers for a raw global page', async () => {
    const { dataSource, sent, transactions } = recordingDataSource();

    await new RawPostgresUserUsageRepository(dataSource).findPage(
      queryOf({ kind: 'global' }),
    );

    expect(transactions).toEqual([]);
    expect(sent.plain).toHaveLength(2);
    expect(sent.plain.join('\n')).not.toContain(SERIAL);
  });

  it('keeps workers for a filtered global page', async () => {
    const { dataSource, sent, transactions } = recordingDataSource();
    const query = {
      ...queryOf({ kind: 'global' }),
      filters: { provider: 'openai' },
    };

    await new PostgresUserUsageRepository(dataSource).findPage(query);

    expect(transactions).toEqual([]);
    expect(sent.plain).toHaveLength(2);
  });

  it('prepares an organization page', async () => {
    const { dataSource, sent, transactions } = recordingDataSource();
    const scope: UsageScope = {
      kind: 'organization',
      organizationId: '6f1c2d9e-0a4b-4c8e-9b7a-3d2e1f0a9b8c',
    };

    await new PostgresUserUsageRepository(dataSource).findPage(queryOf(scope));

    expect(transactions).toEqual([]);
    expect(sent.plain).toEqual([]);
    expect(sent.prepared).toHaveLength(2);
  });
});
