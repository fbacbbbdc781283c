import request from 'supertest';
import {
  chatCompletion,
  FakeInferenceServer,
  startFakeInferenceServer,
} from '../support/fake-inference-server';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('model price change', () => {
  let testApp: TestApp;
  let fakeServer: FakeInferenceServer;
  let member: UserFixture;
  let superAdmin: UserFixture;
  let model: ModelFixture;

  beforeAll(async () => {
    fakeServer = await startFakeInferenceServer();
    fakeServer.reply = () => ({ body: chatCompletion('ok', 1000000, 500000) });
    testApp = await startTestApp('models_price_change', {
      INFERENCE_FAKEAI_BASE_URL: fakeServer.baseUrl,
    });

    const organization = await insertOrganization(testApp.dataSource, 'Acme');
    member = await insertUser(testApp.dataSource, {
      organizationId: organization.id,
      email: 'ada@acme.example',
    });
    superAdmin = await insertUser(testApp.dataSource, {
      organizationId: organization.id,
      email: 'root@acme.example',
      systemRole: 'super_admin',
    });
    model = await insertModel(testApp.dataSource, {
      name: 'fake-priced',
      provider: 'fakeai',
      inputPricePerMillion: '2',
      outputPricePerMillion: '8',
    });
  });

  afterAll(async () => {
    await testApp.close();
    await fakeServer.close();
  });

  const startRun = () =>
    request(testApp.server)
      .post('/api/runs')
      .set('Authorization', bearer(member))
      .send({ modelId: model.id, input: 'Hello' });

  async function storedCosts(runId: string) {
    const usage: { cost: string }[] = await testApp.dataSource.query(
      `SELECT cost FROM usage WHERE request_id = $1`,
      [runId],
    );
    const runs: { cost: string }[] = await testApp.dataSource.query(
      `SELECT cost FROM runs WHERE id = $1`,
      [runId],
    );

    return { usage: usage.map((row) => row.cost), run: runs[0].cost };
  }

  it('leaves recorded costs unchanged', async () => {
    // 1e6 / 1e6 x 2 + 5e5 / 1e6 x 8 = 2 + 4
    const before = await startRun();
    expect(before.status).toBe(201);
    expect(before.body.cost).toBe('6');

    const change = await request(testApp.server)
      .patch(`/api/super-admin/models/${model.id}`)
      .set('Authorization', bearer(superAdmin))
      .send({ inputPricePerMillion: '3', outputPricePerMillion: '12' });
    expect(change.status).toBe(200);

    expect(await storedCosts(before.body.runId)).toEqual({
      usage: ['6.000000000000000000'],
      run: '6.000000000000000000',
    });

    // 1e6 / 1e6 x 3 + 5e5 / 1e6 x 12 = 3 + 6
    const after = await startRun();
    expect(after.body.cost).toBe('9');
    expect(await storedCosts(after.body.runId)).toEqual({
      usage: ['9.000000000000000000'],
      run: '9.000000000000000000',
    });
  });
});
