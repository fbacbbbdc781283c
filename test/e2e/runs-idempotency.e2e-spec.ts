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

describe('POST /api/runs with Idempotency-Key', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let fakeServer: FakeInferenceServer;
  let member: UserFixture;
  let colleague: UserFixture;
  let model: ModelFixture;
  let otherModel: ModelFixture;
  let broken: ModelFixture;

  beforeAll(async () => {
    fakeServer = await startFakeInferenceServer();
    // Each inference takes 300 ms, so concurrent requests overlap.
    fakeServer.reply = (received) =>
      received.body.model === 'fake-broken'
        ? { status: 500, body: { error: { message: 'boom' } } }
        : { body: chatCompletion('Bonjour', 1000, 200), delayMs: 300 };

    testApp = await startTestApp('runs_idempotency', {
      INFERENCE_FAKEAI_BASE_URL: fakeServer.baseUrl,
      INFERENCE_TIMEOUT_MS: '5000',
    });
    // Concurrent supertest requests need one server that already listens.
    await new Promise<void>((done) =>
      testApp.server.listen(0, '127.0.0.1', done),
    );
    const address = testApp.server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;

    const { dataSource } = testApp;
    const organization = await insertOrganization(dataSource, 'Acme');
    member = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'ada@acme.example',
    });
    colleague = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'grace@acme.example',
    });
    model = await insertModel(dataSource, {
      name: 'fake-priced',
      provider: 'fakeai',
      inputPricePerMillion: '3',
      outputPricePerMillion: '15',
    });
    otherModel = await insertModel(dataSource, {
      name: 'fake-other',
      provider: 'fakeai',
    });
    broken = await insertModel(dataSource, {
      name: 'fake-broken',
      provider: 'fakeai',
    });
  });

  afterAll(async () => {
    await testApp.close();
    await fakeServer.close();
  });

  beforeEach(() => {
    fakeServer.requests.length = 0;
  });

  const startRun = (
    key: string,
    body: { modelId: string; input: string },
    user: UserFixture = member,
  ) =>
    request(baseUrl)
      .post('/api/runs')
      .set('Authorization', bearer(user))
      .set('Idempotency-Key', key)
      .send(body);

  async function usageCount(requestId: string): Promise<number> {
    const rows: unknown[] = await testApp.dataSource.query(
      `SELECT id FROM usage WHERE request_id = $1`,
      [requestId],
    );

    return rows.length;
  }

  it('replays a retry without billing again', async () => {
    const body = { modelId: model.id, input: 'Hello' };
    const first = await startRun('retry-1', body);
    const second = await startRun('retry-1', body);

    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    // 1000 / 1e6 x 3 + 200 / 1e6 x 15 = 0.003 + 0.003
    expect(first.body.cost).toBe('0.006');
    expect(second.body).toEqual({ ...first.body, output: null });
    expect(fakeServer.requests).toHaveLength(1);
    expect(await usageCount(first.body.runId)).toBe(1);
  });

  it('keeps keys apart per user', async () => {
    const body = { modelId: model.id, input: 'Hello' };
    const mine = await startRun('per-user', body);
    const theirs = await startRun('per-user', body, colleague);

    expect(theirs.status).toBe(201);
    expect(theirs.body.runId).not.toBe(mine.body.runId);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(fakeServer.requests).toHaveLength(2);
  });

  it('rejects the key for another model', async () => {
    const first = await startRun('other-model', {
      modelId: model.id,
      input: 'Hello',
    });
    const second = await startRun('other-model', {
      modelId: otherModel.id,
      input: 'Hello',
    });

    expect(second.status).toBe(409);
    expect(second.body.message).toBe(
      `This Idempotency-Key was used for run ${first.body.runId} of model ${model.id}; send a new key for a different request`,
    );
    expect(second.body.details).toEqual([
      {
        field: 'Idempotency-Key',
        message: 'must be new for a request with a different modelId or input',
      },
    ]);
    expect(fakeServer.requests).toHaveLength(1);
  });

  it('rejects the key for another input', async () => {
    const first = await startRun('other-input', {
      modelId: model.id,
      input: 'Hello',
    });
    const second = await startRun('other-input', {
      modelId: model.id,
      input: 'Hello!',
    });
    const third = await startRun('other-input', {
      modelId: model.id,
      input: 'Hello',
    });

    expect(second.status).toBe(409);
    expect(second.body.message).toBe(
      `This Idempotency-Key was used for run ${first.body.runId} of model ${model.id}; send a new key for a different request`,
    );
    expect(third.status).toBe(201);
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.body.runId).toBe(first.body.runId);
    expect(fakeServer.requests).toHaveLength(1);
    expect(await usageCount(first.body.runId)).toBe(1);
  });

  it('stores the input digest only', async () => {
    const input = 'A prompt that must not be stored';
    const { body } = await startRun('digest-1', { modelId: model.id, input });
    const rows: Record<string, unknown>[] = await testApp.dataSource.query(
      `SELECT * FROM runs WHERE id = $1`,
      [body.runId],
    );

    expect(rows[0].input_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows[0])).not.toContain(input);
  });

  it('replays a failed run as a failure', async () => {
    const body = { modelId: broken.id, input: 'Hello' };
    const first = await startRun('failed-1', body);
    const second = await startRun('failed-1', body);

    expect(first.status).toBe(502);
    expect(second.status).toBe(502);
    const rows: { id: string }[] = await testApp.dataSource.query(
      `SELECT id FROM runs WHERE idempotency_key = 'failed-1'`,
    );
    expect(second.body.message).toBe(
      `Run ${rows[0].id} with this Idempotency-Key failed: Inference provider fakeai returned HTTP 500: boom for model fake-broken. Send a new Idempotency-Key to try again`,
    );
    expect(fakeServer.requests).toHaveLength(1);
  });

  it('runs 20 concurrent requests once', async () => {
    const body = { modelId: model.id, input: 'Concurrent hello' };

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => startRun('concurrent-1', body)),
    );

    expect(responses.map((response) => response.status)).toEqual(
      Array(20).fill(201),
    );
    const runIds = new Set(responses.map((response) => response.body.runId));
    expect(runIds.size).toBe(1);
    const originals = responses.filter(
      (response) => response.headers['idempotent-replayed'] === undefined,
    );
    expect(originals).toHaveLength(1);
    expect(originals[0].body.output).toBe('Bonjour');
    expect(fakeServer.requests).toHaveLength(1);
    expect(await usageCount(originals[0].body.runId)).toBe(1);
    for (const response of responses) {
      expect(response.body.usage).toEqual({
        inputTokens: 1000,
        outputTokens: 200,
        totalTokens: 1200,
      });
    }
  });

  const badKeys: [string, string][] = [
    ['an empty key', ''],
    ['a 256-character key', 'k'.repeat(256)],
    ['a non-ASCII key', 'clé'],
  ];

  it.each(badKeys)('rejects %s with 400', async (_case, key) => {
    const response = await startRun(key, { modelId: model.id, input: 'Hi' });

    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      {
        field: 'Idempotency-Key',
        message: 'must be 1 to 255 printable ASCII characters, such as a UUID',
      },
    ]);
    expect(fakeServer.requests).toEqual([]);
  });

  it('rejects a key sent twice', async () => {
    const response = await request(baseUrl)
      .post('/api/runs')
      .set('Authorization', bearer(member))
      // Node sends an array value as one header line per element; the
      // typings allow arrays for Cookie only.
      .set('Idempotency-Key', ['twice-a', 'twice-b'] as unknown as string)
      .send({ modelId: model.id, input: 'Hi' });

    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      { field: 'Idempotency-Key', message: 'must be sent once, not repeated' },
    ]);
    expect(fakeServer.requests).toEqual([]);
  });

  it('accepts a 255-character key', async () => {
    const response = await startRun('k'.repeat(255), {
      modelId: model.id,
      input: 'Hi',
    });

    expect(response.status).toBe(201);
  });
});
