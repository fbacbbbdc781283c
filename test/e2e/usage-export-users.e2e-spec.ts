import request from 'supertest';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;
const ORDER = 'format=csv&sortBy=userName&sortOrder=asc';

describe('GET users usage as CSV', () => {
  let testApp: TestApp;
  let acme: OrganizationFixture;
  let platform: OrganizationFixture;
  let formula: UserFixture;
  let admin: UserFixture;
  let smith: UserFixture;
  let zed: UserFixture;
  let root: UserFixture;
  let recent: string;

  beforeAll(async () => {
    testApp = await startTestApp('usage_export_users');
    const { dataSource } = testApp;
    acme = await insertOrganization(dataSource, 'Acme, Inc.');
    platform = await insertOrganization(dataSource, 'Platform');
    formula = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'formula@acme.test',
      name: '=1+1',
    });
    admin = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'admin@acme.test',
      name: 'Admin',
      orgRole: 'admin',
    });
    smith = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'smith@acme.test',
      name: 'Smith, "J"',
    });
    zed = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'zed@acme.test',
      name: 'Zed\nLine',
    });
    root = await insertUser(dataSource, {
      organizationId: platform.id,
      email: 'root@platform.test',
      name: 'Root',
      systemRole: 'super_admin',
    });
    const gpt = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '1',
      outputPricePerMillion: '1',
    });
    const mistral = await insertModel(dataSource, {
      name: 'mistral-large',
      provider: 'mistral',
      inputPricePerMillion: '1',
      outputPricePerMillion: '1',
      currency: 'EUR',
    });
    const local = await insertModel(dataSource, {
      name: 'local-llm',
      provider: 'local',
    });
    // Within the 30 days that make a user active.
    recent = new Date(Date.now() - DAY_MS).toISOString();

    const usage = [
      [formula, gpt, 100, 50, '0.50', '2026-03-01T00:00:00.000Z'],
      [formula, mistral, 10, 20, '1.25', '2026-03-02T00:00:00.000Z'],
      [smith, gpt, 1000, 1000, '2', recent],
      [zed, local, 5, 5, null, '2026-03-03T12:00:00.000Z'],
    ] as const;
    for (const [user, model, input, output, cost, createdAt] of usage) {
      await insertUsage(dataSource, {
        organizationId: acme.id,
        userId: user.id,
        model,
        inputTokens: input,
        outputTokens: output,
        cost,
        createdAt,
      });
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  function get(path: string, user: UserFixture) {
    return request(testApp.server)
      .get(`/api${path}`)
      .set('Authorization', bearer(user));
  }

  function organizationCsv(): string {
    return (
      'userId,userName,userEmail,tokens,requests,cost_EUR,cost_USD,lastActivity,isActive\r\n' +
      `${formula.id},'=1+1,formula@acme.test,180,2,1.25,0.5,2026-03-02T00:00:00.000Z,false\r\n` +
      `${admin.id},Admin,admin@acme.test,0,0,,,,false\r\n` +
      `${smith.id},"Smith, ""J""",smith@acme.test,2000,1,,2,${recent},true\r\n` +
      `${zed.id},"Zed\nLine",zed@acme.test,10,1,,,2026-03-03T12:00:00.000Z,false\r\n`
    );
  }

  it('writes the organization table', async () => {
    const response = await get(`/usage/users?${ORDER}`, admin);

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="usage-users-${acme.id}.csv"`,
    );
    expect(response.text).toBe(organizationCsv());
  });

  it('writes one organization for a super admin', async () => {
    const response = await get(
      `/super-admin/usage/${acme.id}/users?${ORDER}`,
      root,
    );

    expect(response.status).toBe(200);
    expect(response.text).toBe(organizationCsv());
  });

  it('keeps only the currencies of the page', async () => {
    const response = await get(`/usage/users?${ORDER}&limit=1&offset=2`, admin);

    expect(response.status).toBe(200);
    expect(response.text).toBe(
      'userId,userName,userEmail,tokens,requests,cost_USD,lastActivity,isActive\r\n' +
        `${smith.id},"Smith, ""J""",smith@acme.test,2000,1,2,${recent},true\r\n`,
    );
  });

  it('writes the global table', async () => {
    const response = await get(
      `/super-admin/global-usage/users?${ORDER}&search=formula`,
      root,
    );

    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="usage-users-global.csv"',
    );
    expect(response.text).toBe(
      'userId,userName,userEmail,organizationId,organizationName,tokens,requests,cost_EUR,cost_USD,lastActivity,isActive\r\n' +
        `${formula.id},'=1+1,formula@acme.test,${acme.id},"Acme, Inc.",180,2,1.25,0.5,2026-03-02T00:00:00.000Z,false\r\n`,
    );
  });

  it('writes only the header for an empty page', async () => {
    const response = await get(`/usage/users?${ORDER}&search=nobody`, admin);

    expect(response.status).toBe(200);
    expect(response.text).toBe(
      'userId,userName,userEmail,tokens,requests,lastActivity,isActive\r\n',
    );
  });

  it('keeps JSON as the default', async () => {
    const response = await get('/usage/users?format=json&limit=1', admin);

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.body.pagination).toEqual({ limit: 1, offset: 0, total: 4 });
  });

  it('rejects an unknown format', async () => {
    const response = await get('/usage/users?format=xml', admin);

    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      { field: 'format', message: 'must be one of json, csv' },
    ]);
  });
});
