import request from 'supertest';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUser,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/models', () => {
  let testApp: TestApp;
  let member: UserFixture;
  let superAdmin: UserFixture;
  const timestamps = new Map<
    string,
    { createdAt: string; updatedAt: string }
  >();

  beforeAll(async () => {
    testApp = await startTestApp('models_catalog');
    const { dataSource } = testApp;
    const organization = await insertOrganization(dataSource, 'Acme');
    member = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'member@acme.example',
    });
    superAdmin = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'root@acme.example',
      systemRole: 'super_admin',
    });

    await insertModel(dataSource, {
      name: 'gpt-4o-mini',
      displayName: 'GPT-4o mini',
      provider: 'openai',
      inputPricePerMillion: '0.15',
      outputPricePerMillion: '0.6',
    });
    await insertModel(dataSource, {
      name: 'gpt-4o',
      displayName: 'GPT-4o',
      provider: 'openai',
      inputPricePerMillion: '2.500000000000',
      outputPricePerMillion: '10',
    });
    await insertModel(dataSource, {
      name: 'claude-haiku',
      displayName: 'claude haiku',
      provider: 'anthropic',
      inputPricePerMillion: '0.000000000001',
      outputPricePerMillion: '123456789012.5',
      currency: 'EUR',
    });
    await insertModel(dataSource, {
      name: 'claude-opus',
      displayName: 'Claude Opus',
      provider: 'anthropic',
    });

    const rows: { name: string; created_at: Date; updated_at: Date }[] =
      await dataSource.query(`SELECT name, created_at, updated_at FROM models`);
    for (const row of rows) {
      timestamps.set(row.name, {
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      });
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  function expectedCatalog(ids: Map<string, string>) {
    const entry = (
      name: string,
      displayName: string,
      provider: string,
      inputPricePerMillion: string | null,
      outputPricePerMillion: string | null,
      currency: string,
    ) => ({
      id: ids.get(name),
      name,
      displayName,
      provider,
      inputPricePerMillion,
      outputPricePerMillion,
      currency,
      ...timestamps.get(name),
    });

    // Ordered by provider, then display name in byte order (upper case first).
    return {
      models: [
        entry('claude-opus', 'Claude Opus', 'anthropic', null, null, 'USD'),
        entry(
          'claude-haiku',
          'claude haiku',
          'anthropic',
          '0.000000000001',
          '123456789012.5',
          'EUR',
        ),
        entry('gpt-4o', 'GPT-4o', 'openai', '2.5', '10', 'USD'),
        entry('gpt-4o-mini', 'GPT-4o mini', 'openai', '0.15', '0.6', 'USD'),
      ],
    };
  }

  async function modelIds(): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await testApp.dataSource.query(
      `SELECT id, name FROM models`,
    );

    return new Map(rows.map((row) => [row.name, row.id]));
  }

  it('returns the ordered catalog to a member', async () => {
    const response = await request(testApp.server)
      .get('/api/models')
      .set('Authorization', bearer(member));

    expect(response.status).toBe(200);
    expect(response.body).toEqual(expectedCatalog(await modelIds()));
  });

  it('returns the same catalog to a super admin', async () => {
    const response = await request(testApp.server)
      .get('/api/super-admin/models')
      .set('Authorization', bearer(superAdmin));

    expect(response.status).toBe(200);
    expect(response.body).toEqual(expectedCatalog(await modelIds()));
  });

  it('rejects a caller without a token', async () => {
    const response = await request(testApp.server).get('/api/models');

    expect(response.status).toBe(401);
  });

  it('forbids the super-admin list to a member', async () => {
    const response = await request(testApp.server)
      .get('/api/super-admin/models')
      .set('Authorization', bearer(member));

    expect(response.status).toBe(403);
    expect(response.body.message).toBe(
      'This route requires the system role super_admin',
    );
  });
});
