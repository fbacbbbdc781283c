import request from 'supertest';
import { simulatedTokenCount } from '../../src/modules/runs/infrastructure/simulated-inference.provider';
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

interface RunRow {
  id: string;
  organization_id: string;
  user_id: string;
  model_id: string;
  status: string;
  input_tokens: string | null;
  output_tokens: string | null;
  total_tokens: string | null;
  cost: string | null;
  currency: string | null;
  error_message: string | null;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
}

describe('POST /api/runs', () => {
  let testApp: TestApp;
  let fakeServer: FakeInferenceServer;
  let member: UserFixture;
  let outsider: UserFixture;
  let priced: ModelFixture;
  let unpriced: ModelFixture;
  let broken: ModelFixture;
  let simulated: ModelFixture;

  beforeAll(async () => {
    fakeServer = await startFakeInferenceServer();
    fakeServer.reply = (received) =>
      received.body.model === 'fake-broken'
        ? { status: 500, body: { error: { message: 'boom' } } }
        : { body: chatCompletion('Bonjour', 1234, 567) };

    testApp = await startTestApp('runs_start', {
      INFERENCE_FAKEAI_BASE_URL: fakeServer.baseUrl,
      INFERENCE_FAKEAI_API_KEY: 'sk-fake',
      INFERENCE_TIMEOUT_MS: '2000',
    });
    const { dataSource } = testApp;
    const organization = await insertOrganization(dataSource, 'Acme');
    member = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'ada@acme.example',
    });
    const otherOrganization = await insertOrganization(dataSource, 'Globex');
    outsider = await insertUser(dataSource, {
      organizationId: otherOrganization.id,
      email: 'hank@globex.example',
    });
    priced = await insertModel(dataSource, {
      name: 'fake-priced',
      provider: 'fakeai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
    unpriced = await insertModel(dataSource, {
      name: 'fake-unpriced',
      provider: 'fakeai',
      currency: 'EUR',
    });
    broken = await insertModel(dataSource, {
      name: 'fake-broken',
      provider: 'fakeai',
      inputPricePerMillion: '1',
      outputPricePerMillion: '1',
    });
    simulated = await insertModel(dataSource, {
      name: 'sim-model',
      provider: 'simcloud',
      inputPricePerMillion: '1',
      outputPricePerMillion: '2',
    });
  });

  afterAll(async () => {
    await testApp.close();
    await fakeServer.close();
  });

  beforeEach(() => {
    fakeServer.requests.length = 0;
  });

  const startRun = (body: object, user: UserFixture = member) =>
    request(testApp.server)
      .post('/api/runs')
      .set('Authorization', bearer(user))
      .send(body);

  async function runRow(runId: string): Promise<RunRow> {
    const rows: RunRow[] = await testApp.dataSource.query(
      `SELECT * FROM runs WHERE id = $1`,
      [runId],
    );

    return rows[0];
  }

  async function usageRows(requestId: string) {
    return testApp.dataSource.query(
      `SELECT organization_id, user_id, model_id, provider, model_name,
              input_tokens, output_tokens, total_tokens, cost, currency
       FROM usage WHERE request_id = $1`,
      [requestId],
    );
  }

  it('returns the output, usage and cost', async () => {
    const response = await startRun({ modelId: priced.id, input: 'Hello' });

    expect(response.status).toBe(201);
    const row = await runRow(response.body.runId);
    // 1234 / 1e6 x 2.5 + 567 / 1e6 x 10 = 0.003085 + 0.00567
    expect(response.body).toEqual({
      runId: row.id,
      status: 'succeeded',
      modelId: priced.id,
      output: 'Bonjour',
      usage: { inputTokens: 1234, outputTokens: 567, totalTokens: 1801 },
      cost: '0.008755',
      currency: 'USD',
      startedAt: row.started_at.toISOString(),
      finishedAt: (row.finished_at as Date).toISOString(),
      durationMs: row.duration_ms,
    });
    expect(row.duration_ms).toBe(
      (row.finished_at as Date).getTime() - row.started_at.getTime(),
    );
  });

  it('stores the run metadata only', async () => {
    const input = 'A prompt that must not be stored';
    const response = await startRun({ modelId: priced.id, input });
    const row = await runRow(response.body.runId);

    expect(row).toMatchObject({
      organization_id: member.organizationId,
      user_id: member.id,
      model_id: priced.id,
      status: 'succeeded',
      input_tokens: '1234',
      output_tokens: '567',
      total_tokens: '1801',
      cost: '0.008755000000000000',
      currency: 'USD',
      error_message: null,
    });
    expect(JSON.stringify(row)).not.toContain(input);
    expect(JSON.stringify(row)).not.toContain('Bonjour');
  });

  it('collects usage once under the run id', async () => {
    const response = await startRun({ modelId: priced.id, input: 'Hello' });

    expect(await usageRows(response.body.runId)).toEqual([
      {
        organization_id: member.organizationId,
        user_id: member.id,
        model_id: priced.id,
        provider: 'fakeai',
        model_name: 'fake-priced',
        input_tokens: '1234',
        output_tokens: '567',
        total_tokens: '1801',
        cost: '0.008755000000000000',
        currency: 'USD',
      },
    ]);
  });

  it('sends the prompt to the endpoint', async () => {
    await startRun({ modelId: priced.id, input: 'Hello endpoint' });

    expect(fakeServer.requests).toEqual([
      {
        method: 'POST',
        url: '/v1/chat/completions',
        authorization: 'Bearer sk-fake',
        body: {
          model: 'fake-priced',
          messages: [{ role: 'user', content: 'Hello endpoint' }],
        },
      },
    ]);
  });

  it('returns a null cost when unpriced', async () => {
    const response = await startRun({ modelId: unpriced.id, input: 'Hello' });

    expect(response.status).toBe(201);
    expect(response.body.cost).toBeNull();
    expect(response.body.currency).toBe('EUR');
    expect(response.body.usage).toEqual({
      inputTokens: 1234,
      outputTokens: 567,
      totalTokens: 1801,
    });
  });

  it('simulates an unconfigured provider', async () => {
    const input = 'Hello there';
    const response = await startRun({ modelId: simulated.id, input });

    expect(response.status).toBe(201);
    const output: string = response.body.output;
    expect(output.startsWith('[simulated] sim-model ')).toBe(true);
    // Tokens are one per 4 characters, rounded up: 11 characters -> 3.
    const outputTokens = simulatedTokenCount(output);
    expect(response.body.usage).toEqual({
      inputTokens: 3,
      outputTokens,
      totalTokens: 3 + outputTokens,
    });
    expect(fakeServer.requests).toEqual([]);
  });

  it('records a failed inference', async () => {
    const response = await startRun({ modelId: broken.id, input: 'Hello' });

    expect(response.status).toBe(502);
    expect(response.body).toEqual({
      statusCode: 502,
      error: 'Bad Gateway',
      message:
        'Inference provider fakeai returned HTTP 500: boom for model fake-broken',
      details: [],
      path: '/api/runs',
      requestId: expect.any(String),
    });

    const rows: RunRow[] = await testApp.dataSource.query(
      `SELECT * FROM runs WHERE model_id = $1`,
      [broken.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'failed',
      error_message:
        'Inference provider fakeai returned HTTP 500: boom for model fake-broken',
      input_tokens: null,
      cost: null,
    });
    expect(rows[0].finished_at).toBeInstanceOf(Date);
    expect(await usageRows(rows[0].id)).toEqual([]);
    const usage: unknown[] = await testApp.dataSource.query(
      `SELECT id FROM usage WHERE model_id = $1`,
      [broken.id],
    );
    expect(usage).toEqual([]);
  });

  it('returns 404 for an unknown model', async () => {
    const unknownId = '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';
    const response = await startRun({ modelId: unknownId, input: 'Hello' });

    expect(response.status).toBe(404);
    expect(response.body.message).toBe(`Model ${unknownId} not found`);
    expect(response.body.details).toEqual([
      {
        field: 'modelId',
        message: 'must be the id of a model listed by GET /api/models',
      },
    ]);
  });

  const inputMessage = 'must be a string of 1 to 100000 characters';
  const badBodies: [string, object, string, string][] = [
    [
      'malformed modelId',
      { modelId: 'gpt-4o', input: 'Hi' },
      'modelId',
      'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
    ],
    [
      'missing modelId',
      { modelId: undefined, input: 'Hi' },
      'modelId',
      'is required',
    ],
    ['null modelId', { modelId: null, input: 'Hi' }, 'modelId', 'is required'],
    ['empty input', { input: '' }, 'input', inputMessage],
    ['missing input', {}, 'input', 'is required'],
    ['number input', { input: 42 }, 'input', inputMessage],
    ['long input', { input: 'x'.repeat(100001) }, 'input', inputMessage],
    [
      'unknown field',
      { input: 'Hi', temperature: 1 },
      'temperature',
      'property temperature should not exist',
    ],
  ];

  it.each(badBodies)(
    'rejects %s with 400',
    async (_case, body, field, message) => {
      const response = await startRun({ modelId: priced.id, ...body });

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field, message }]);
    },
  );

  it('accepts an input of 100000 characters', async () => {
    const response = await startRun({
      modelId: simulated.id,
      input: 'x'.repeat(100000),
    });

    expect(response.status).toBe(201);
    expect(response.body.usage.inputTokens).toBe(25000);
  });

  it.each([
    ['two-byte characters', 'é'.repeat(100000)],
    ['escaped quotes', '"'.repeat(100000)],
    ['escaped control characters', '\u0001'.repeat(100000)],
  ])('accepts 100000 %s', async (_case, input) => {
    const response = await startRun({ modelId: simulated.id, input });

    expect(response.status).toBe(201);
  });

  it('rejects a caller without a token', async () => {
    const response = await request(testApp.server)
      .post('/api/runs')
      .send({ modelId: priced.id, input: 'Hello' });

    expect(response.status).toBe(401);
  });

  describe('GET /api/runs/:runId', () => {
    it('returns a run without its output', async () => {
      const started = await startRun({ modelId: priced.id, input: 'Hello' });

      const response = await request(testApp.server)
        .get(`/api/runs/${started.body.runId}`)
        .set('Authorization', bearer(member));

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        ...started.body,
        output: null,
        errorMessage: null,
      });
    });

    it('hides a run of another organization', async () => {
      const started = await startRun({ modelId: priced.id, input: 'Hello' });

      const response = await request(testApp.server)
        .get(`/api/runs/${started.body.runId}`)
        .set('Authorization', bearer(outsider));

      expect(response.status).toBe(404);
      expect(response.body.message).toBe(`Run ${started.body.runId} not found`);
    });

    it('rejects a malformed id', async () => {
      const response = await request(testApp.server)
        .get('/api/runs/123')
        .set('Authorization', bearer(member));

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'runId',
          message:
            'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
        },
      ]);
    });
  });
});
