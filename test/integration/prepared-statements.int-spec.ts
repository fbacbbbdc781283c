import { DataSource } from 'typeorm';
import {
  MAX_PREPARED_TEXTS,
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
});
