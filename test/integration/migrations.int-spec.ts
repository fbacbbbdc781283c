import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { allMigrations } from '../../migrations';
import { AddMonthlyBucketRollups1796530000000 } from '../../migrations/1796530000000-add-monthly-bucket-rollups';
import {
  revertLastMigration,
  runMigrations,
} from '../../src/database/migrations';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '../..');

/** Runs the migration command from source, as `npm run migration:run` runs the build. */
function runMigrateCommand(
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
        join(ROOT, 'src/cli/migrate.ts'),
        ...args,
      ],
      { cwd: ROOT, env, timeout: 60000 },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

const SCHEMA_TABLES = ['models', 'organizations', 'runs', 'usage', 'users'];

describe('migrations', () => {
  let database: TestDatabase;

  const tablesOf = async (): Promise<string[]> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
         ORDER BY table_name COLLATE "C"`,
      );
      return result.rows.map((row) => row.table_name);
    } finally {
      await client.end();
    }
  };

  /** Runs `work` with a connection of its own, closed afterwards. */
  const withClient = async (work: (client: Client) => Promise<void>) => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('migrations', { migrate: false });
  });

  afterAll(async () => {
    await database.drop();
  });

  it('apply, revert one by one, apply again', async () => {
    const names = allMigrations.map((migration) => migration.name);

    expect(await runMigrations(database.url)).toEqual(names);
    expect(await tablesOf()).toEqual(expect.arrayContaining(SCHEMA_TABLES));
    expect(await runMigrations(database.url)).toEqual([]);

    for (let reverted = 0; reverted < names.length; reverted += 1) {
      expect(await revertLastMigration(database.url)).toBe(true);
    }
    expect(await tablesOf()).toEqual([]);
    expect(await revertLastMigration(database.url)).toBe(false);

    expect(await runMigrations(database.url)).toEqual(names);
    expect(await tablesOf()).toEqual(expect.arrayContaining(SCHEMA_TABLES));
  });

  it('fills the monthly rollups from the daily ones', async () => {
    const monthly = allMigrations.findIndex(
      (migration) => migration === AddMonthlyBucketRollups1796530000000,
    );
    const later = allMigrations
      .slice(monthly)
      .map((migration) => migration.name);
    for (let reverted = 0; reverted < later.length; reverted += 1) {
      expect(await revertLastMigration(database.url)).toBe(true);
    }
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      // usage has no foreign keys, so made-up ids suffice.
      await client.query(
        `INSERT INTO usage (organization_id, model_id, provider, model_name,
           input_tokens, output_tokens, total_tokens, cost, currency,
           request_id, created_at)
         SELECT '00000000-0000-4000-8000-000000000001', m.id, 'openai',
                'gpt-4o', 10, 5, 15, 0.25, 'USD', 'request-' || n, at
         FROM (VALUES ('00000000-0000-4000-8000-00000000000a'::uuid)) m (id),
              (VALUES (1, TIMESTAMPTZ '2026-02-28 23:59:59+00'),
                      (2, TIMESTAMPTZ '2026-03-01 00:00:00+00'),
                      (3, TIMESTAMPTZ '2026-03-31 12:00:00+00')) r (n, at)`,
      );

      expect(await runMigrations(database.url)).toEqual(later);

      const result = await client.query(
        `SELECT 'organization' AS scope, bucket_start, requests::int,
                total_tokens::int, trim_scale(cost)::text AS cost
         FROM usage_organization_monthly_rollup
         UNION ALL
         SELECT 'global', bucket_start, requests::int, total_tokens::int,
                trim_scale(cost)::text
         FROM usage_global_monthly_rollup
         ORDER BY 1, 2`,
      );
      const february = new Date('2026-02-01T00:00:00Z');
      const march = new Date('2026-03-01T00:00:00Z');
      expect(result.rows).toEqual(
        ['global', 'organization'].flatMap((scope) => [
          {
            scope,
            bucket_start: february,
            requests: 1,
            total_tokens: 15,
            cost: '0.25',
          },
          {
            scope,
            bucket_start: march,
            requests: 2,
            total_tokens: 30,
            cost: '0.5',
          },
        ]),
      );
      await client.query(`TRUNCATE usage`);
    } finally {
      await client.end();
    }
  });

  it('keys usage by organization and request id, without foreign keys', async () => {
    // The batch insert checks every reference itself (see the migration
    // that dropped them), so only the primary key, on the request id of
    // an organization, and the checks remain.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{
        conname: string;
        definition: string;
      }>(
        `SELECT conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint
         WHERE conrelid = 'usage'::regclass AND contype IN ('f', 'p', 'u')
         ORDER BY conname COLLATE "C"`,
      );

      expect(result.rows).toEqual([
        {
          conname: 'usage_pkey',
          definition: 'PRIMARY KEY (organization_id, request_id)',
        },
      ]);
    } finally {
      await client.end();
    }
  });

  it('includes user_id in the usage time indexes', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes
         WHERE tablename = 'usage' AND indexname IN
           ('usage_created_idx', 'usage_organization_created_idx')
         ORDER BY indexname COLLATE "C"`,
      );

      expect(result.rows.map((row) => row.indexdef)).toEqual([
        'CREATE INDEX usage_created_idx ON public.usage USING btree (created_at) INCLUDE (user_id)',
        'CREATE INDEX usage_organization_created_idx ON public.usage USING btree (organization_id, created_at) INCLUDE (user_id)',
      ]);
    } finally {
      await client.end();
    }
  });

  it('indexes the daily user rollup by its key and day only', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes
         WHERE tablename = 'usage_user_daily_rollup'
         ORDER BY indexname COLLATE "C"`,
      );

      expect(result.rows.map((row) => row.indexname)).toEqual([
        'usage_user_daily_rollup_day_idx',
        'usage_user_daily_rollup_pkey',
      ]);
    } finally {
      await client.end();
    }
  });

  it('migrate command reverts and applies', async () => {
    const down = await runMigrateCommand(['down'], database.url);
    const up = await runMigrateCommand(['up'], database.url);
    const wrong = await runMigrateCommand(['sideways'], database.url);

    expect(down).toEqual({
      code: 0,
      stdout: 'Reverted the last migration\n',
      stderr: '',
    });
    expect(up).toEqual({
      code: 0,
      stdout: `Applied migrations: ${allMigrations.at(-1)?.name}\n`,
      stderr: '',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^Invalid direction "sideways": expected up or down\n\nUsage: /,
    );
  });
  it('down migration folds pending usage', async () => {
    await withClient(async (client) => {
      const count = async (sql: string, values: unknown[] = []) =>
        Number((await client.query(sql, values)).rows[0].n);
      const {
        rows: [organization],
      } = await client.query(
        `INSERT INTO organizations (id, name) VALUES (gen_random_uuid(), 'Fold down')
         RETURNING id`,
      );
      const {
        rows: [model],
      } = await client.query(
        `INSERT INTO models (id, name, display_name, provider, input_price_per_million,
                             output_price_per_million, currency)
         VALUES (gen_random_uuid(), 'fold-down', 'Fold down', 'openai', 1, 1, 'USD')
         RETURNING id`,
      );
      await client.query(
        `INSERT INTO usage (organization_id, model_id, provider, model_name, input_tokens,
                            output_tokens, total_tokens, cost, currency, request_id)
         VALUES ($1, $2, 'openai', 'fold-down', 3, 4, 7, 0.000007, 'USD', 'fold-down-1')`,
        [organization.id, model.id],
      );
      const modelRequests = () =>
        count(
          `SELECT coalesce(sum(requests), 0) AS n FROM usage_global_daily_rollup
           WHERE model_id = $1`,
          [model.id],
        );

      expect(await count('SELECT count(*) AS n FROM usage_pending')).toBe(1);
      expect(await modelRequests()).toBe(0);

      // The last-activity migration is the later one, so the second
      // revert reaches the folds.
      expect((await runMigrateCommand(['down'], database.url)).code).toBe(0);
      expect(await modelRequests()).toBe(0);
      expect((await runMigrateCommand(['down'], database.url)).code).toBe(0);
      expect(await modelRequests()).toBe(1);
      expect(
        await count(
          `SELECT count(*) AS n FROM pg_class WHERE relname = 'usage_pending'`,
        ),
      ).toBe(0);

      expect((await runMigrateCommand(['up'], database.url)).code).toBe(0);
      expect(await count('SELECT count(*) AS n FROM usage_pending')).toBe(0);
      expect(await modelRequests()).toBe(1);
      await client.query(`DELETE FROM usage WHERE request_id = 'fold-down-1'`);
      expect(await modelRequests()).toBe(0);
    });
  });

  it('fills last activity, reverts user index', async () => {
    await withClient(async (client) => {
      const userIndexes = async () => {
        const result = await client.query(
          `SELECT indexname FROM pg_indexes
           WHERE tablename = 'usage' AND indexname = 'usage_user_created_idx'`,
        );

        return result.rows.length;
      };
      const {
        rows: [organization],
      } = await client.query(
        `INSERT INTO organizations (id, name) VALUES (gen_random_uuid(), 'Activity down')
         RETURNING id`,
      );
      const {
        rows: [user],
      } = await client.query(
        `INSERT INTO users (organization_id, email, name, password_hash, org_role)
         VALUES ($1, 'activity-down@example.com', 'Activity', 'x', 'member')
         RETURNING id`,
        [organization.id],
      );
      const {
        rows: [model],
      } = await client.query(
        `INSERT INTO models (id, name, display_name, provider, input_price_per_million,
                             output_price_per_million, currency)
         VALUES (gen_random_uuid(), 'activity-down', 'Activity down', 'openai', 1, 1, 'USD')
         RETURNING id`,
      );

      expect((await runMigrateCommand(['down'], database.url)).code).toBe(0);
      expect(await userIndexes()).toBe(1);
      expect(await tablesOf()).not.toContain('usage_user_last_activity');

      for (const [requestId, at] of [
        ['activity-down-1', '2026-03-01T10:00:00Z'],
        ['activity-down-2', '2026-03-04T08:30:15Z'],
      ]) {
        await client.query(
          `INSERT INTO usage (organization_id, user_id, model_id, provider, model_name,
                              input_tokens, output_tokens, total_tokens, cost, currency,
                              request_id, created_at)
           VALUES ($1, $2, $3, 'openai', 'activity-down', 1, 1, 2, NULL, 'USD', $4, $5)`,
          [organization.id, user.id, model.id, requestId, at],
        );
      }

      expect((await runMigrateCommand(['up'], database.url)).code).toBe(0);
      expect(await userIndexes()).toBe(0);
      const stored = await client.query(
        `SELECT organization_id, user_id, last_at FROM usage_user_last_activity
         WHERE user_id = $1`,
        [user.id],
      );
      expect(stored.rows).toEqual([
        {
          organization_id: organization.id,
          user_id: user.id,
          last_at: new Date('2026-03-04T08:30:15Z'),
        },
      ]);
    });
  });
});
