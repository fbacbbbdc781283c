import { DataSource } from 'typeorm';
import {
  MAX_PREPARED_TEXTS,
  openGenericPlanPool,
  PreparedStatements,
} from '../../src/common/persistence/prepared-statements';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('PreparedStatements', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('prepared_statements');
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      extra: { max: 1 },
    }).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const preparedCount = async () => {
    const [row] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM pg_prepared_statements`,
    );

    return row.count;
  };

  it('returns the rows of dataSource.query', async () => {
    const prepared = new PreparedStatements(dataSource);
    const text = `SELECT $1::int + 1 AS next, $2::numeric * 2 AS doubled,
                         $3::timestamptz AS at`;
    const values = [41, '0.000000000000000001', '2026-03-01T10:00:00Z'];

    const first = await prepared.query(text, values);
    const second = await prepared.query(text, values);

    expect(first).toEqual([
      {
        next: 42,
        doubled: '0.000000000000000002',
        at: new Date('2026-03-01T10:00:00Z'),
      },
    ]);
    expect(second).toEqual(first);
    expect(first).toEqual(await dataSource.query(text, values));
  });

  it('prepares a text once on a connection', async () => {
    const prepared = new PreparedStatements(dataSource);
    const before = await preparedCount();

    await prepared.query(`SELECT 'once' AS label`);
    await prepared.query(`SELECT 'once' AS label`);
    await prepared.query(`SELECT 'twice' AS label`);

    expect(await preparedCount()).toBe(before + 2);
  });

  it('runs texts past the cap unnamed', async () => {
    const prepared = new PreparedStatements(dataSource);
    for (let index = 0; index < MAX_PREPARED_TEXTS; index += 1) {
      await prepared.query(`SELECT ${index} AS capped`);
    }
    const before = await preparedCount();

    const rows = await prepared.query(`SELECT 'past the cap' AS label`);

    expect(rows).toEqual([{ label: 'past the cap' }]);
    expect(await preparedCount()).toBe(before);
  });

  describe('on a generic-plan pool', () => {
    const text = `SELECT count(*)::int AS count
                  FROM generate_series(1, 10) AS g (n) WHERE n < $1::int`;
    // Counts the plans of the statement above on the connection of `prepared`.
    const plansOf = async (prepared: PreparedStatements) => {
      const [plans] = await prepared.query<{ generic: number; custom: number }>(
        `SELECT generic_plans::int AS generic, custom_plans::int AS custom
         FROM pg_prepared_statements WHERE statement = $1`,
        [text],
      );

      return plans;
    };

    it('plans each statement once, for any values', async () => {
      const pool = openGenericPlanPool(dataSource, 1);
      const prepared = new PreparedStatements(dataSource, pool);

      try {
        const first = await prepared.query(text, [5]);
        const second = await prepared.query(text, [8]);

        expect(first).toEqual([{ count: 4 }]);
        expect(second).toEqual([{ count: 7 }]);
        expect(await plansOf(prepared)).toEqual({ generic: 2, custom: 0 });
      } finally {
        await pool.end();
      }
    });

    it('leaves the pool behind TypeORM as it was', async () => {
      const prepared = new PreparedStatements(dataSource);

      await prepared.query(text, [5]);
      await prepared.query(text, [8]);

      expect(await plansOf(prepared)).toEqual({ generic: 0, custom: 2 });
    });
  });
});
