import { DataSource } from 'typeorm';
import { DemoSeeder } from '../../src/demo/demo-seeder';
import { CollectUsageUseCase } from '../../src/modules/usage/application/collect-usage.use-case';
import { SUPER_ADMIN_ORGANIZATION } from '../../src/modules/iam/application/ensure-super-admin.use-case';
import { PasswordHasher } from '../../src/modules/iam/application/ports/password-hasher';
import { insertOrganization } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** A Monday noon in UTC; the seed covers the 60 days before it. */
const NOW = new Date('2026-06-15T12:34:56.789Z');

interface Totals {
  records: number;
  inputTokens: string;
  outputTokens: string;
  first: Date;
  last: Date;
}

async function usageTotals(dataSource: DataSource): Promise<Totals> {
  const rows: Totals[] = await dataSource.query(`
    SELECT count(*)::int AS records,
           sum(input_tokens)::text AS "inputTokens",
           sum(output_tokens)::text AS "outputTokens",
           min(created_at) AS first,
           max(created_at) AS last
    FROM usage`);

  return rows[0];
}

// Pinned from a run of the seed at NOW; any change to the generator,
// the catalog or the seed changes these numbers.
const SEEDED_TOTALS: Totals = {
  records: 13893,
  inputTokens: '28728678',
  outputTokens: '6536838',
  first: new Date('2026-04-16T12:38:29.266Z'),
  last: new Date('2026-06-15T12:34:45.679Z'),
};

describe('DemoSeeder', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let lines: string[];

  beforeAll(async () => {
    testApp = await startTestApp('demo_seed');
    dataSource = testApp.dataSource;
    lines = await testApp.app.get(DemoSeeder).seedIfEmpty('demo-password', NOW);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('creates three organizations', async () => {
    const rows = await dataSource.query(
      `SELECT o.name, count(u.id)::int AS users,
              count(u.id) FILTER (WHERE u.org_role = 'admin')::int AS admins
       FROM organizations o JOIN users u ON u.organization_id = o.id
       GROUP BY o.name ORDER BY o.name COLLATE "C"`,
    );

    expect(rows).toEqual([
      { name: 'Acme Robotics', users: 10, admins: 1 },
      { name: 'Globex Analytics', users: 8, admins: 1 },
      { name: 'Initech Labs', users: 7, admins: 1 },
    ]);
  });

  it('signs admins in with the password', async () => {
    const rows: { email: string; password_hash: string }[] =
      await dataSource.query(
        `SELECT email, password_hash FROM users WHERE org_role = 'admin'
         ORDER BY email COLLATE "C"`,
      );
    const hasher = testApp.app.get(PasswordHasher);

    expect(rows.map((row) => row.email)).toEqual([
      'admin@acme.example',
      'admin@globex.example',
      'admin@initech.example',
    ]);
    expect(await hasher.verify('demo-password', rows[0].password_hash)).toBe(
      true,
    );
  });

  it('creates the model catalog', async () => {
    const rows = await dataSource.query(
      `SELECT provider, currency, count(*)::int AS models,
              count(input_price_per_million)::int AS priced
       FROM models GROUP BY provider, currency
       ORDER BY provider COLLATE "C", currency COLLATE "C"`,
    );

    expect(rows).toEqual([
      { provider: 'anthropic', currency: 'USD', models: 2, priced: 2 },
      { provider: 'google', currency: 'USD', models: 1, priced: 1 },
      { provider: 'meta', currency: 'EUR', models: 1, priced: 0 },
      { provider: 'mistral', currency: 'EUR', models: 2, priced: 2 },
      { provider: 'openai', currency: 'USD', models: 2, priced: 2 },
    ]);
  });

  it('stores the pinned usage totals', async () => {
    expect(await usageTotals(dataSource)).toEqual(SEEDED_TOTALS);
  });

  it('prices usage per currency', async () => {
    const rows = await dataSource.query(
      `SELECT currency, count(*)::int AS records, count(cost)::int AS priced,
              sum(cost)::text AS cost
       FROM usage GROUP BY currency ORDER BY currency COLLATE "C"`,
    );

    expect(rows).toEqual([
      {
        currency: 'EUR',
        records: 3614,
        priced: 2235,
        cost: '7.854720840000000000',
      },
      {
        currency: 'USD',
        records: 10279,
        priced: 10279,
        cost: '81.744168900000000000',
      },
    ]);
  });

  it('follows the weekly rhythm', async () => {
    const rows = await dataSource.query(
      `SELECT extract(isodow FROM created_at AT TIME ZONE 'UTC')::int AS weekday,
              count(*)::int AS records
       FROM usage GROUP BY 1 ORDER BY 1`,
    );

    expect(rows.map((row: { records: number }) => row.records)).toEqual([
      2647, 2573, 2577, 2696, 2241, 622, 537,
    ]);
  });

  it('returns the demo logins', () => {
    expect(lines).toEqual([
      'Seeded demo data: 3 organizations, 25 users, 8 models, 13893 usage records over the last 60 days',
      'Demo login: admin@acme.example (admin of Acme Robotics); members such as ada@acme.example',
      'Demo login: admin@globex.example (admin of Globex Analytics); members such as dennis@globex.example',
      'Demo login: admin@initech.example (admin of Initech Labs); members such as adele@initech.example',
      'Demo password: the value of DEMO_PASSWORD (default "demo-password")',
    ]);
  });

  it('does nothing a second time', async () => {
    const again = await testApp.app
      .get(DemoSeeder)
      .seedIfEmpty('demo-password', new Date());

    expect(again).toEqual([]);
    expect(await usageTotals(dataSource)).toEqual(SEEDED_TOTALS);
  });

  describe('another database', () => {
    let other: TestApp;

    beforeAll(async () => {
      other = await startTestApp('demo_seed_other');
    });

    afterAll(async () => {
      await other.close();
    });

    it('seeds beside the super admins', async () => {
      await insertOrganization(other.dataSource, SUPER_ADMIN_ORGANIZATION);

      await other.app.get(DemoSeeder).seedIfEmpty('another-password', NOW);

      expect(await usageTotals(other.dataSource)).toEqual(SEEDED_TOTALS);
    });

    it('finishes a seed stopped halfway', async () => {
      const stopped = await startTestApp('demo_seed_stopped');
      try {
        const seeder = stopped.app.get(DemoSeeder);
        const collect = stopped.app.get(CollectUsageUseCase);
        const executeBatch = collect.executeBatch.bind(collect);
        let batches = 0;
        const failing = jest
          .spyOn(collect, 'executeBatch')
          .mockImplementation((commands) => {
            batches += 1;
            if (batches === 3) throw new Error('process stopped');

            return executeBatch(commands);
          });

        await expect(seeder.seedIfEmpty('demo-password', NOW)).rejects.toThrow(
          'process stopped',
        );
        failing.mockRestore();
        // Two batches of 1,000 records went in before the stop.
        expect((await usageTotals(stopped.dataSource)).records).toBe(2000);

        // A later boot has another time, but the seed keeps its first end.
        const lines = await seeder.seedIfEmpty(
          'demo-password',
          new Date(NOW.getTime() + 86_400_000),
        );

        expect(lines[0]).toBe(
          'Seeded demo data: 3 organizations, 25 users, 8 models, 13893 usage records over the last 60 days',
        );
        expect(await usageTotals(stopped.dataSource)).toEqual(SEEDED_TOTALS);
        const users = await stopped.dataSource.query(
          `SELECT count(*)::int AS users FROM users`,
        );
        expect(users).toEqual([{ users: 25 }]);
        expect(await seeder.seedIfEmpty('demo-password', NOW)).toEqual([]);
      } finally {
        await stopped.close();
      }
    });

    it('seeds once when two boots start together', async () => {
      const racing = await startTestApp('demo_seed_racing');
      try {
        const seeder = racing.app.get(DemoSeeder);

        const results = await Promise.all([
          seeder.seedIfEmpty('demo-password', NOW),
          seeder.seedIfEmpty('demo-password', NOW),
        ]);

        const seeded = results.filter((lines) => lines.length > 0);
        expect(seeded).toHaveLength(1);
        expect(results.filter((lines) => lines.length === 0)).toHaveLength(1);
        expect(await usageTotals(racing.dataSource)).toEqual(SEEDED_TOTALS);
      } finally {
        await racing.close();
      }
    });

    it('skips a database with organizations', async () => {
      const skipped = await startTestApp('demo_seed_skipped');
      try {
        await insertOrganization(skipped.dataSource, 'Existing customer');

        const result = await skipped.app
          .get(DemoSeeder)
          .seedIfEmpty('demo-password', NOW);

        expect(result).toEqual([]);
        expect((await usageTotals(skipped.dataSource)).records).toBe(0);
      } finally {
        await skipped.close();
      }
    });
  });
});
