import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { rebuildUsageRollups } from '../../src/modules/usage/infrastructure/usage-rollups.rebuild';
import {
  insertModel,
  foldPendingUsage,
  insertOrganization,
  insertUsage,
  insertUser,
  ModelFixture,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '../..');
const ROLLUP_TABLES = [
  'usage_organization_rollup',
  'usage_organization_hourly_rollup',
  'usage_organization_daily_rollup',
  'usage_organization_monthly_rollup',
  'usage_global_rollup',
  'usage_global_hourly_rollup',
  'usage_global_daily_rollup',
  'usage_global_monthly_rollup',
  'usage_user_daily_rollup',
  'usage_user_weekly_rollup',
  'usage_user_monthly_rollup',
  'usage_user_monthly_activity',
  'usage_user_last_activity',
];

/** Runs the rebuild command from source, as `npm run rollups:rebuild` runs the build. */
function runRebuildCommand(
  args: string[],
  databaseUrl: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test' };

  return new Promise((done) => {
    execFile(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(ROOT, 'src/cli/rebuild-rollups.ts'),
        ...args,
      ],
      { cwd: ROOT, env, timeout: 60000 },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

describe('usage rollups', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let acme: OrganizationFixture;
  let alice: UserFixture;
  let priced: ModelFixture;
  let unpriced: ModelFixture;

  /** Reads every rollup row as text, in text order. */
  async function rollupContents(): Promise<Record<string, unknown[]>> {
    const contents: Record<string, unknown[]> = {};
    for (const table of ROLLUP_TABLES) {
      contents[table] = await dataSource.query(
        `SELECT r::text AS row FROM ${table} r ORDER BY r::text COLLATE "C"`,
      );
    }

    return contents;
  }

  /**
   * Checks that the triggers and folds left the rollups as a rebuild makes
   * them, once every pending record is folded.
   */
  async function expectRollupsEqualRebuild(): Promise<void> {
    await foldPendingUsage(dataSource);
    const kept = await rollupContents();
    await rebuildUsageRollups(dataSource);

    expect(await rollupContents()).toEqual(kept);
  }

  /** Inserts a record that stays pending. */
  const pendingUsage = (createdAt: string, userId: string | null = alice.id) =>
    insertUsage(dataSource, {
      organizationId: acme.id,
      userId,
      model: priced,
      inputTokens: 100,
      outputTokens: 50,
      cost: '0.0015',
      createdAt,
    });

  /** Inserts a record and folds it into the rollups. */
  const usage = async (createdAt: string, userId: string | null = alice.id) => {
    await pendingUsage(createdAt, userId);
    await foldPendingUsage(dataSource);
  };

  beforeAll(async () => {
    database = await createTestDatabase('usage_rollups');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 2));
    await dataSource.initialize();
    acme = await insertOrganization(dataSource, 'Acme');
    alice = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'alice@acme.test',
    });
    priced = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '10',
      outputPricePerMillion: '10',
    });
    unpriced = await insertModel(dataSource, {
      name: 'mistral-small',
      provider: 'mistral',
      currency: 'EUR',
    });
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE usage`);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('sums single inserts per bucket', async () => {
    await usage('2026-03-01T10:00:00Z');
    await usage('2026-03-01T10:14:59.999Z', null);
    await usage('2026-03-01T10:15:00Z');

    const rows = await dataSource.query(
      `SELECT bucket_start, requests::int, total_tokens::int,
              priced_requests::int, cost::text
       FROM usage_organization_rollup ORDER BY bucket_start`,
    );
    const users = await dataSource.query(
      `SELECT day_start, user_id, requests::int FROM usage_user_daily_rollup`,
    );

    expect(rows).toEqual([
      {
        bucket_start: new Date('2026-03-01T10:00:00Z'),
        requests: 2,
        total_tokens: 300,
        priced_requests: 2,
        cost: '0.003000000000000000',
      },
      {
        bucket_start: new Date('2026-03-01T10:15:00Z'),
        requests: 1,
        total_tokens: 150,
        priced_requests: 1,
        cost: '0.001500000000000000',
      },
    ]);
    expect(users).toEqual([
      {
        day_start: new Date('2026-03-01T00:00:00Z'),
        user_id: alice.id,
        requests: 2,
      },
    ]);
    await expectRollupsEqualRebuild();
  });

  it('sums multi-row inserts', async () => {
    await dataSource.query(
      `INSERT INTO usage (organization_id, user_id, model_id, provider, model_name,
                          input_tokens, output_tokens, total_tokens, cost, currency,
                          request_id, created_at)
       SELECT $1, CASE WHEN i % 3 = 0 THEN NULL ELSE $2::uuid END,
              CASE WHEN i % 2 = 0 THEN $3::uuid ELSE $4::uuid END,
              CASE WHEN i % 2 = 0 THEN 'openai' ELSE 'mistral' END, 'm',
              i, 2 * i, 3 * i,
              CASE WHEN i % 2 = 0 THEN i * 0.00001 END,
              CASE WHEN i % 2 = 0 THEN 'USD' ELSE 'EUR' END,
              'multi-' || i,
              TIMESTAMPTZ '2026-03-29T00:00:00Z' + i * interval '7 minutes'
       FROM generate_series(1, 500) AS i`,
      [acme.id, alice.id, priced.id, unpriced.id],
    );
    await foldPendingUsage(dataSource);

    const [totals] = await dataSource.query(
      `SELECT sum(requests)::int AS requests, sum(total_tokens)::int AS tokens,
              sum(priced_requests)::int AS priced
       FROM usage_global_rollup`,
    );

    expect(totals).toEqual({ requests: 500, tokens: 375750, priced: 250 });
    await expectRollupsEqualRebuild();
  });

  it('sums COPY bulk loads', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const lines = Array.from(
        { length: 300 },
        (_, i) =>
          `${acme.id}\t${alice.id}\t${priced.id}\topenai\tgpt-4o\t${i}\t1\t${i + 1}\t${i % 5 === 0 ? '\\N' : '0.25'}\tUSD\tcopy-${i}\t2026-10-25T00:${String(i % 60).padStart(2, '0')}:00Z\n`,
      );
      await pipeline(
        Readable.from(lines),
        client.query(
          copyFrom(`COPY usage (organization_id, user_id, model_id, provider,
            model_name, input_tokens, output_tokens, total_tokens, cost,
            currency, request_id, created_at) FROM STDIN`),
        ),
      );
    } finally {
      await client.end();
    }
    await foldPendingUsage(dataSource);

    const [totals] = await dataSource.query(
      `SELECT sum(requests)::int AS requests, sum(priced_requests)::int AS priced,
              sum(cost)::text AS cost
       FROM usage_organization_rollup`,
    );

    expect(totals).toEqual({
      requests: 300,
      priced: 240,
      cost: '60.000000000000000000',
    });
    await expectRollupsEqualRebuild();
  });

  it('subtracts updates and deletes', async () => {
    await usage('2026-03-01T10:00:00Z');
    await usage('2026-03-01T10:05:00Z');
    await usage('2026-03-02T10:05:00Z');

    await dataSource.query(
      `UPDATE usage SET created_at = created_at + interval '1 day', cost = NULL
       WHERE created_at = '2026-03-01T10:05:00Z'`,
    );
    await dataSource.query(
      `DELETE FROM usage WHERE created_at = '2026-03-01T10:00:00Z'`,
    );
    await foldPendingUsage(dataSource);

    const rows = await dataSource.query(
      `SELECT bucket_start, requests::int, priced_requests::int
       FROM usage_global_rollup ORDER BY bucket_start`,
    );

    expect(rows).toEqual([
      {
        bucket_start: new Date('2026-03-02T10:00:00Z'),
        requests: 2,
        priced_requests: 1,
      },
    ]);
    await expectRollupsEqualRebuild();
  });

  it('sums hours and UTC days', async () => {
    await usage('2026-03-01T10:00:00Z');
    await usage('2026-03-01T10:59:59.999Z');
    await usage('2026-03-01T23:00:00Z');
    await usage('2026-03-02T00:00:00Z');

    const sums = (table: string) =>
      dataSource.query(
        `SELECT bucket_start, requests::int, total_tokens::int
         FROM ${table} ORDER BY bucket_start`,
      );

    expect(await sums('usage_organization_hourly_rollup')).toEqual([
      {
        bucket_start: new Date('2026-03-01T10:00:00Z'),
        requests: 2,
        total_tokens: 300,
      },
      {
        bucket_start: new Date('2026-03-01T23:00:00Z'),
        requests: 1,
        total_tokens: 150,
      },
      {
        bucket_start: new Date('2026-03-02T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
      },
    ]);
    expect(await sums('usage_global_daily_rollup')).toEqual([
      {
        bucket_start: new Date('2026-03-01T00:00:00Z'),
        requests: 3,
        total_tokens: 450,
      },
      {
        bucket_start: new Date('2026-03-02T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
      },
    ]);
    await expectRollupsEqualRebuild();
  });

  it('sums UTC calendar months', async () => {
    await usage('2026-02-28T23:59:59.999Z');
    await usage('2026-03-01T00:00:00Z');
    await usage('2026-03-31T23:59:59.999Z', null);
    await usage('2026-04-01T00:00:00Z');

    const sums = (table: string) =>
      dataSource.query(
        `SELECT bucket_start, requests::int, total_tokens::int, trim_scale(cost)::text AS cost
         FROM ${table} ORDER BY bucket_start`,
      );
    const months = [
      {
        bucket_start: new Date('2026-02-01T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
        cost: '0.0015',
      },
      {
        bucket_start: new Date('2026-03-01T00:00:00Z'),
        requests: 2,
        total_tokens: 300,
        cost: '0.003',
      },
      {
        bucket_start: new Date('2026-04-01T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
        cost: '0.0015',
      },
    ];

    expect(await sums('usage_organization_monthly_rollup')).toEqual(months);
    expect(await sums('usage_global_monthly_rollup')).toEqual(months);
    await expectRollupsEqualRebuild();
  });

  it('sets user day bits per UTC month', async () => {
    await usage('2026-03-01T10:00:00Z');
    await usage('2026-03-31T23:59:59Z');
    await usage('2026-04-02T00:00:00Z');
    await usage('2026-04-02T08:00:00Z', null);
    const activity = () =>
      dataSource.query(
        `SELECT month_start, user_id, day_mask::text
         FROM usage_user_monthly_activity ORDER BY month_start`,
      );

    // Bit 0 is the 1st of the month and bit 30 the 31st: 1 + 2^30.
    expect(await activity()).toEqual([
      {
        month_start: new Date('2026-03-01T00:00:00Z'),
        user_id: alice.id,
        day_mask: '1073741825',
      },
      {
        month_start: new Date('2026-04-01T00:00:00Z'),
        user_id: alice.id,
        day_mask: '2',
      },
    ]);
    await expectRollupsEqualRebuild();
  });

  it('clears user day bits on delete', async () => {
    await usage('2026-03-01T10:00:00Z');
    await usage('2026-03-31T23:59:59Z');
    await usage('2026-04-02T00:00:00Z');

    await dataSource.query(
      `DELETE FROM usage WHERE created_at >= '2026-03-31T00:00:00Z'`,
    );

    expect(
      await dataSource.query(
        `SELECT month_start, day_mask::text FROM usage_user_monthly_activity`,
      ),
    ).toEqual([
      { month_start: new Date('2026-03-01T00:00:00Z'), day_mask: '1' },
    ]);
    await expectRollupsEqualRebuild();
  });

  it('sums users per UTC ISO week', async () => {
    // Sunday 1 March 2026 belongs to the week of Monday 23 February.
    await usage('2026-03-01T23:59:59Z');
    await usage('2026-03-02T00:00:00Z');
    await usage('2026-03-08T12:00:00Z');
    await usage('2026-03-02T10:00:00Z', null);
    const weeks = () =>
      dataSource.query(
        `SELECT week_start, requests::int, total_tokens::int
         FROM usage_user_weekly_rollup ORDER BY week_start`,
      );

    expect(await weeks()).toEqual([
      {
        week_start: new Date('2026-02-23T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
      },
      {
        week_start: new Date('2026-03-02T00:00:00Z'),
        requests: 2,
        total_tokens: 300,
      },
    ]);

    await dataSource.query(
      `DELETE FROM usage WHERE created_at < '2026-03-02T00:00:00Z'`,
    );

    expect(await weeks()).toEqual([
      {
        week_start: new Date('2026-03-02T00:00:00Z'),
        requests: 2,
        total_tokens: 300,
      },
    ]);
    await expectRollupsEqualRebuild();
  });

  it('sums users per UTC month', async () => {
    await usage('2026-02-28T23:59:59Z');
    await usage('2026-03-01T00:00:00Z');
    await usage('2026-03-31T23:59:59Z');
    await usage('2026-03-15T10:00:00Z', null);
    const months = () =>
      dataSource.query(
        `SELECT month_start, requests::int, total_tokens::int,
                trim_scale(cost)::text AS cost
         FROM usage_user_monthly_rollup ORDER BY month_start`,
      );

    expect(await months()).toEqual([
      {
        month_start: new Date('2026-02-01T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
        cost: '0.0015',
      },
      {
        month_start: new Date('2026-03-01T00:00:00Z'),
        requests: 2,
        total_tokens: 300,
        cost: '0.003',
      },
    ]);

    await dataSource.query(
      `DELETE FROM usage WHERE created_at >= '2026-03-01T00:00:00Z'`,
    );

    expect(await months()).toEqual([
      {
        month_start: new Date('2026-02-01T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
        cost: '0.0015',
      },
    ]);
    await expectRollupsEqualRebuild();
  });

  it('moves user sums on update', async () => {
    await usage('2026-03-01T10:00:00Z');
    await usage('2026-03-02T10:00:00Z');

    // Sunday 1 March moves to Saturday 28 February: same ISO week of
    // Monday 23 February, other month.
    await dataSource.query(
      `UPDATE usage SET created_at = '2026-02-28T10:00:00Z'
       WHERE created_at = '2026-03-01T10:00:00Z'`,
    );
    // The updated row is pending again until the next fold.
    await foldPendingUsage(dataSource);

    expect(
      await dataSource.query(
        `SELECT week_start, requests::int, total_tokens::int
         FROM usage_user_weekly_rollup ORDER BY week_start`,
      ),
    ).toEqual([
      {
        week_start: new Date('2026-02-23T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
      },
      {
        week_start: new Date('2026-03-02T00:00:00Z'),
        requests: 1,
        total_tokens: 150,
      },
    ]);
    expect(
      await dataSource.query(
        `SELECT month_start, requests::int, trim_scale(cost)::text AS cost
         FROM usage_user_monthly_rollup ORDER BY month_start`,
      ),
    ).toEqual([
      {
        month_start: new Date('2026-02-01T00:00:00Z'),
        requests: 1,
        cost: '0.0015',
      },
      {
        month_start: new Date('2026-03-01T00:00:00Z'),
        requests: 1,
        cost: '0.0015',
      },
    ]);
    // Bit 27 is the 28th (2^27), bit 1 the 2nd.
    expect(
      await dataSource.query(
        `SELECT month_start, day_mask::text
         FROM usage_user_monthly_activity ORDER BY month_start`,
      ),
    ).toEqual([
      { month_start: new Date('2026-02-01T00:00:00Z'), day_mask: '134217728' },
      { month_start: new Date('2026-03-01T00:00:00Z'), day_mask: '2' },
    ]);
    await expectRollupsEqualRebuild();
  });

  it('empties on truncate', async () => {
    await usage('2026-03-01T10:00:00Z');

    await dataSource.query(`TRUNCATE usage`);

    expect(await rollupContents()).toEqual(
      Object.fromEntries(ROLLUP_TABLES.map((table) => [table, []])),
    );
  });

  it('rebuild repairs and counts', async () => {
    await usage('2026-03-01T10:00:00Z');
    await usage('2026-03-01T23:59:59Z');
    const kept = await rollupContents();
    await dataSource.query(`DELETE FROM usage_organization_rollup`);
    await dataSource.query(`UPDATE usage_global_rollup SET requests = 7`);

    const result = await rebuildUsageRollups(dataSource);

    expect(await rollupContents()).toEqual(kept);
    expect(result).toEqual({
      usageRows: 2,
      organizationRollupRows: 2,
      globalRollupRows: 2,
      userRollupRows: 1,
      durationMs: expect.any(Number),
    });
  });

  it('rebuild command reports counts', async () => {
    await usage('2026-03-01T10:00:00Z');
    await dataSource.query(`DELETE FROM usage_global_rollup`);

    const run = await runRebuildCommand([], database.url);
    const wrong = await runRebuildCommand(['now'], database.url);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^Rebuilding the usage rollups\nRebuilt the usage rollups from 1 usage rows in \d+ ms: 1 organization, 1 global, 1 user rows\n$/,
    );
    expect(
      await dataSource.query(`SELECT requests::int FROM usage_global_rollup`),
    ).toEqual([{ requests: 1 }]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^Unexpected argument "now"\n\nUsage: /);
  });
  describe('last activity', () => {
    let bob: UserFixture;
    /** Reads the stored latest request per user, keyed by first name. */
    const lastActivity = async () => {
      const rows: { user_id: string; last_at: Date | null }[] =
        await dataSource.query(
          `SELECT user_id, last_at FROM usage_user_last_activity`,
        );
      const stored: Record<string, string | null> = {};
      for (const row of rows) {
        const name = row.user_id === alice.id ? 'alice' : 'bob';
        stored[name] = row.last_at?.toISOString() ?? null;
      }

      return stored;
    };

    beforeAll(async () => {
      bob = await insertUser(dataSource, {
        organizationId: acme.id,
        email: 'bob@acme.test',
      });
    });

    it('keeps latest folded request per user', async () => {
      await pendingUsage('2026-03-01T10:00:00Z');
      await pendingUsage('2026-03-02T09:15:30Z');
      await pendingUsage('2026-03-01T12:00:00Z', bob.id);
      await pendingUsage('2026-03-03T08:00:00Z', null);

      expect(await lastActivity()).toEqual({});
      await foldPendingUsage(dataSource);
      expect(await lastActivity()).toEqual({
        alice: '2026-03-02T09:15:30.000Z',
        bob: '2026-03-01T12:00:00.000Z',
      });

      // An earlier request leaves the time as it is.
      await usage('2026-02-20T10:00:00Z');
      expect(await lastActivity()).toEqual({
        alice: '2026-03-02T09:15:30.000Z',
        bob: '2026-03-01T12:00:00.000Z',
      });
      await expectRollupsEqualRebuild();
    });

    it('recomputes latest request after delete', async () => {
      await usage('2026-03-01T10:00:00Z');
      await usage('2026-03-02T09:15:30Z');
      await usage('2026-03-01T12:00:00Z', bob.id);

      await dataSource.query(
        `DELETE FROM usage WHERE created_at = '2026-03-02T09:15:30Z'`,
      );
      expect(await lastActivity()).toEqual({
        alice: '2026-03-01T10:00:00.000Z',
        bob: '2026-03-01T12:00:00.000Z',
      });

      await dataSource.query(`DELETE FROM usage WHERE user_id = $1`, [bob.id]);
      expect(await lastActivity()).toEqual({
        alice: '2026-03-01T10:00:00.000Z',
      });
      await expectRollupsEqualRebuild();
    });

    it('leaves later pending request to fold', async () => {
      await usage('2026-03-01T10:00:00Z');
      await pendingUsage('2026-03-05T10:00:00Z');

      // The folded request goes, and the pending one is later than it.
      await dataSource.query(
        `DELETE FROM usage WHERE created_at = '2026-03-01T10:00:00Z'`,
      );
      expect(await lastActivity()).toEqual({});
      await foldPendingUsage(dataSource);
      expect(await lastActivity()).toEqual({
        alice: '2026-03-05T10:00:00.000Z',
      });
    });

    it('follows updates of time and user', async () => {
      await usage('2026-03-01T10:00:00Z');
      await usage('2026-03-02T10:00:00Z');

      await dataSource.query(
        `UPDATE usage SET created_at = '2026-02-01T10:00:00Z'
         WHERE created_at = '2026-03-02T10:00:00Z'`,
      );
      expect(await lastActivity()).toEqual({
        alice: '2026-03-01T10:00:00.000Z',
      });

      await dataSource.query(
        `UPDATE usage SET user_id = $1 WHERE created_at = '2026-03-01T10:00:00Z'`,
        [bob.id],
      );
      expect(await lastActivity()).toEqual({
        alice: '2026-02-01T10:00:00.000Z',
      });
      await foldPendingUsage(dataSource);
      expect(await lastActivity()).toEqual({
        alice: '2026-02-01T10:00:00.000Z',
        bob: '2026-03-01T10:00:00.000Z',
      });
      await expectRollupsEqualRebuild();
    });
  });

  describe('pending usage', () => {
    const pendingCount = async () =>
      Number(
        (await dataSource.query(`SELECT count(*) AS n FROM usage_pending`))[0]
          .n,
      );
    const fold = async (maxRows: number | null, client?: Client) => {
      const text = 'SELECT fold_usage_pending($1) AS folded';
      const rows = client
        ? (await client.query(text, [maxRows])).rows
        : await dataSource.query(text, [maxRows]);

      return Number(rows[0].folded);
    };
    const globalRequests = async () =>
      Number(
        (
          await dataSource.query(
            `SELECT coalesce(sum(requests), 0) AS n FROM usage_global_daily_rollup`,
          )
        )[0].n,
      );

    /** Runs `work` on two connections of its own, for statements that must overlap. */
    async function withTwoConnections(
      work: (first: Client, second: Client) => Promise<void>,
    ): Promise<void> {
      const clients = [0, 1].map(
        () => new Client({ connectionString: database.url }),
      );
      try {
        for (const client of clients) await client.connect();
        await work(clients[0], clients[1]);
      } finally {
        for (const client of clients) await client.end();
      }
    }

    /** Waits until the backend of `client` waits for a lock. */
    async function blocked(client: Client): Promise<void> {
      const pid = (client as unknown as { processID: number }).processID;
      for (let attempt = 0; attempt < 500; attempt++) {
        const [row] = await dataSource.query(
          `SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`,
          [pid],
        );
        if (row?.wait_event_type === 'Lock') return;
        await new Promise((done) => setTimeout(done, 10));
      }
      throw new Error(`backend ${pid} never waited for a lock`);
    }

    it('adds inserts at the fold', async () => {
      await pendingUsage('2026-03-01T10:00:00Z');
      await pendingUsage('2026-03-01T11:00:00Z');

      expect(await pendingCount()).toBe(2);
      expect(await globalRequests()).toBe(0);
      expect(await fold(null)).toBe(2);
      expect(await pendingCount()).toBe(0);
      expect(await globalRequests()).toBe(2);
      expect(await fold(null)).toBe(0);
      await expectRollupsEqualRebuild();
    });

    it('folds at most max_rows records', async () => {
      for (let minute = 0; minute < 5; minute++) {
        await pendingUsage(`2026-03-01T10:0${minute}:00Z`);
      }

      expect([await fold(2), await fold(2), await fold(2)]).toEqual([2, 2, 1]);
      expect(await globalRequests()).toBe(5);
      await expectRollupsEqualRebuild();
    });

    it('removes pending and folded records', async () => {
      await usage('2026-03-01T10:00:00Z');
      await usage('2026-03-01T12:00:00Z');
      await pendingUsage('2026-03-02T10:00:00Z');
      await pendingUsage('2026-03-03T10:00:00Z');

      await dataSource.query(
        `UPDATE usage SET created_at = created_at + interval '10 days'
         WHERE created_at IN ('2026-03-01T12:00:00Z', '2026-03-02T10:00:00Z')`,
      );
      await dataSource.query(
        `DELETE FROM usage
         WHERE created_at IN ('2026-03-01T10:00:00Z', '2026-03-03T10:00:00Z')`,
      );

      // Both updated rows are pending again, and neither deleted row counts.
      expect(await pendingCount()).toBe(2);
      expect(await globalRequests()).toBe(0);
      await expectRollupsEqualRebuild();
      expect(
        await dataSource.query(
          `SELECT bucket_start, requests::int FROM usage_global_daily_rollup
           ORDER BY bucket_start`,
        ),
      ).toEqual([
        { bucket_start: new Date('2026-03-11T00:00:00Z'), requests: 1 },
        { bucket_start: new Date('2026-03-12T00:00:00Z'), requests: 1 },
      ]);
    });

    it('runs one fold at a time', async () => {
      await pendingUsage('2026-03-01T10:00:00Z');
      await withTwoConnections(async (first, second) => {
        await first.query('BEGIN');
        expect(await fold(null, first)).toBe(1);
        await pendingUsage('2026-03-01T11:00:00Z');

        expect(await fold(null, second)).toBe(0);
        await first.query('COMMIT');
        expect(await fold(null, second)).toBe(1);
      });
      await expectRollupsEqualRebuild();
    });

    it('subtracts a delete racing a fold', async () => {
      await pendingUsage('2026-03-01T10:00:00Z');
      await pendingUsage('2026-03-01T11:00:00Z');
      await withTwoConnections(async (folding, deleting) => {
        await folding.query('BEGIN');
        expect(await fold(null, folding)).toBe(2);
        const deleted = deleting.query(
          `DELETE FROM usage WHERE created_at = '2026-03-01T10:00:00Z'`,
        );
        await blocked(deleting);
        await folding.query('COMMIT');
        await deleted;
      });

      expect(await globalRequests()).toBe(1);
      await expectRollupsEqualRebuild();
    });

    it('skips a delete the fold waits for', async () => {
      await pendingUsage('2026-03-01T10:00:00Z');
      await pendingUsage('2026-03-01T11:00:00Z');
      await withTwoConnections(async (deleting, folding) => {
        await deleting.query('BEGIN');
        await deleting.query(
          `DELETE FROM usage WHERE created_at = '2026-03-01T10:00:00Z'`,
        );
        const folded = fold(null, folding);
        await blocked(folding);
        await deleting.query('COMMIT');

        expect(await folded).toBe(1);
      });

      expect(await globalRequests()).toBe(1);
      await expectRollupsEqualRebuild();
    });
  });
});
