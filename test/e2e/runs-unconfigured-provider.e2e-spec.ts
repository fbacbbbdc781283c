import request from 'supertest';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('POST /api/runs without simulation', () => {
  let testApp: TestApp;
  let member: UserFixture;
  let model: ModelFixture;

  beforeAll(async () => {
    testApp = await startTestApp('runs_unconfigured', {
      INFERENCE_SIMULATE_UNCONFIGURED: 'false',
    });
    const organization = await insertOrganization(testApp.dataSource, 'Acme');
    member = await insertUser(testApp.dataSource, {
      organizationId: organization.id,
      email: 'ada@acme.example',
    });
    model = await insertModel(testApp.dataSource, {
      name: 'claude-haiku',
      provider: 'anthropic',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('returns 503 naming the variable', async () => {
    const response = await request(testApp.server)
      .post('/api/runs')
      .set('Authorization', bearer(member))
      .send({ modelId: model.id, input: 'Hello' });

    expect(response.status).toBe(503);
    expect(response.body.message).toBe(
      'No inference endpoint is configured for provider anthropic; set INFERENCE_ANTHROPIC_BASE_URL, or set INFERENCE_SIMULATE_UNCONFIGURED=true to simulate it',
    );
  });

  it('stores no run', async () => {
    const rows: unknown[] =
      await testApp.dataSource.query(`SELECT id FROM runs`);

    expect(rows).toEqual([]);
  });
});
