import { request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import {
  chatCompletion,
  FakeInferenceServer,
  startFakeInferenceServer,
} from '../support/fake-inference-server';
import {
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  tokenFor,
  UserFixture,
} from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { ServiceProcess, startServiceProcess } from './support/service-process';

const SLOW_RUNS = 8;
const INFERENCE_DELAY_MS = 2000;

/** Opens a new connection for one GET, so no kept-alive socket is reused. */
function getOnNewConnection(url: string): Promise<number | string> {
  return new Promise((done) => {
    const call = httpRequest(url, { agent: false }, (response) => {
      response.resume();
      done(response.statusCode ?? 0);
    });
    call.on('error', (error: NodeJS.ErrnoException) =>
      done(error.code ?? 'error'),
    );
    call.end();
  });
}

describe('graceful shutdown', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let fake: FakeInferenceServer;
  let service: ServiceProcess;
  let member: UserFixture;
  let model: ModelFixture;

  beforeAll(async () => {
    database = await createTestDatabase('graceful_shutdown');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 1));
    await dataSource.initialize();
    const organization = await insertOrganization(dataSource, 'Acme');
    member = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'member@acme.example',
    });
    model = await insertModel(dataSource, {
      name: 'slow-model',
      provider: 'slowai',
      inputPricePerMillion: '1',
      outputPricePerMillion: '2',
    });
    fake = await startFakeInferenceServer();
    fake.reply = () => ({
      body: chatCompletion('done', 30, 7),
      delayMs: INFERENCE_DELAY_MS,
    });
    service = await startServiceProcess(database.url, {
      INFERENCE_SLOWAI_BASE_URL: fake.baseUrl,
    });
  });

  afterAll(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await fake.close();
    await dataSource.destroy();
    await database.drop();
  });

  it('finishes requests in flight on SIGTERM', async () => {
    const runs = Array.from({ length: SLOW_RUNS }, (_, index) =>
      fetch(`${service.baseUrl}/api/runs`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${tokenFor(member)}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `slow-${index}`,
        },
        body: JSON.stringify({ modelId: model.id, input: 'hello' }),
      }),
    );
    while (fake.requests.length < SLOW_RUNS) {
      await new Promise((done) => setTimeout(done, 50));
    }

    service.child.kill('SIGTERM');
    await new Promise((done) => setTimeout(done, 500));
    const lateRequest = await getOnNewConnection(
      `${service.baseUrl}/api/health`,
    );
    const responses = await Promise.all(runs);
    const exitCode = await service.exited;

    expect(lateRequest).toBe('ECONNREFUSED');
    expect(responses.map((response) => response.status)).toEqual(
      Array.from({ length: SLOW_RUNS }, () => 201),
    );
    expect(exitCode).toBe(0);
    const stored: { n: number; tokens: string }[] = await dataSource.query(
      `SELECT count(*)::int AS n, sum(total_tokens)::text AS tokens FROM usage`,
    );
    expect(stored[0]).toEqual({ n: SLOW_RUNS, tokens: String(SLOW_RUNS * 37) });
    expect(service.output()).toContain('Received SIGTERM');
    expect(service.output()).toContain('"msg":"Stopped"');
  });

  it('ends kept-alive connections under load on SIGTERM', async () => {
    const organization = await insertOrganization(dataSource, 'Busy');
    const busy = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'member@busy.example',
    });
    fake.reply = () => ({ body: chatCompletion('done', 30, 7), delayMs: 20 });
    const loaded = await startServiceProcess(database.url, {
      INFERENCE_SLOWAI_BASE_URL: fake.baseUrl,
    });
    const statuses: number[] = [];
    // fetch keeps each connection alive, so every loop sends request
    // after request on one socket until the service stops responding.
    const loop = async (client: number) => {
      for (let index = 0; ; index += 1) {
        try {
          const response = await fetch(`${loaded.baseUrl}/api/runs`, {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${tokenFor(busy)}`,
              'Content-Type': 'application/json',
              'Idempotency-Key': `busy-${client}-${index}`,
            },
            body: JSON.stringify({ modelId: model.id, input: 'hello' }),
          });
          await response.arrayBuffer();
          statuses.push(response.status);
        } catch {
          return;
        }
      }
    };
    const loops = Array.from({ length: 10 }, (_, client) => loop(client));
    while (statuses.length < 100) {
      await new Promise((done) => setTimeout(done, 20));
    }

    loaded.child.kill('SIGTERM');
    const exitCode = await loaded.exited;
    await Promise.all(loops);

    // Waiting out the 30 s limit for requests in flight exits 1.
    expect(exitCode).toBe(0);
    expect(new Set(statuses)).toEqual(new Set([201]));
    const runs: { status: string; n: number }[] = await dataSource.query(
      `SELECT status, count(*)::int AS n FROM runs WHERE user_id = $1
       GROUP BY status`,
      [busy.id],
    );
    const stored: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM usage WHERE organization_id = $1`,
      [organization.id],
    );
    expect(runs).toEqual([{ status: 'succeeded', n: statuses.length }]);
    expect(stored[0].n).toBe(statuses.length);
    expect(loaded.output()).toContain('"msg":"Stopped"');
  });
});
