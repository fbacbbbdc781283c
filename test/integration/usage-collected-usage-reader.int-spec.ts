import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { PostgresCollectedUsageReader } from '../../src/modules/usage/infrastructure/postgres-collected-usage.reader';
import {
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  ModelFixture,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('PostgresCollectedUsageReader', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let reader: PostgresCollectedUsageReader;
  let acme: OrganizationFixture;
  let globex: OrganizationFixture;
  let user: UserFixture;
  let model: ModelFixture;

  beforeAll(async () => {
    database = await createTestDatabase('collected_usage_reader');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 5));
    await dataSource.initialize();
    reader = new PostgresCollectedUsageReader(dataSource);

    acme = await insertOrganization(dataSource, 'Acme');
    globex = await insertOrganization(dataSource, 'Globex');
    user = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'ada@acme.example',
    });
    model = await insertModel(dataSource, {
      name: 'gpt-4o-mini',
      provider: 'openai',
    });
    await insertUsage(dataSource, {
      organizationId: acme.id,
      userId: user.id,
      model,
      inputTokens: 1200,
      outputTokens: 300,
      cost: '0.00036',
      createdAt: '2026-03-01T10:00:01.250Z',
      requestId: 'run-1',
    });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('finds a record by organization and request id', async () => {
    const record = await reader.findByRequestId(acme.id, 'run-1');

    expect(record).toEqual({
      id: expect.any(String),
      organizationId: acme.id,
      userId: user.id,
      modelId: model.id,
      provider: 'openai',
      modelName: 'gpt-4o-mini',
      inputTokens: 1200,
      outputTokens: 300,
      totalTokens: 1500,
      cost: '0.00036',
      currency: 'USD',
      requestId: 'run-1',
      createdAt: new Date('2026-03-01T10:00:01.250Z'),
    });
  });

  it('ignores the request id in another organization', async () => {
    expect(await reader.findByRequestId(globex.id, 'run-1')).toBeNull();
  });

  it('returns null for an unknown request id', async () => {
    expect(await reader.findByRequestId(acme.id, 'run-2')).toBeNull();
  });
});
