import request from 'supertest';
import { DomainError } from '../../src/common/domain/domain-error';
import { CollectUsageUseCase } from '../../src/modules/usage/application/collect-usage.use-case';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { loadCommand } from './support/load-command';
import {
  startStoppablePostgres,
  StoppablePostgres,
} from './support/stoppable-postgres';

/** Maximum time a call may take while the database is down. */
const OUTAGE_CALL_LIMIT_MS = 8000;
const RECOVERY_LIMIT_MS = 15000;

interface Settled {
  outcome: 'ok' | 'unavailable' | 'other';
  status?: number;
  message?: string;
  ms: number;
}

const timed = async (
  call: () => Promise<{ status: number; body: { message?: string } }>,
): Promise<Settled> => {
  const started = Date.now();
  const response = await call();
  const ms = Date.now() - started;
  if (response.status < 300)
    return { outcome: 'ok', status: response.status, ms };

  return {
    outcome: response.status === 503 ? 'unavailable' : 'other',
    status: response.status,
    message: response.body.message,
    ms,
  };
};

const timedCollection = async (call: () => Promise<unknown>) => {
  const started = Date.now();
  try {
    await call();
    return { outcome: 'ok' as const, ms: Date.now() - started };
  } catch (error) {
    const unavailable =
      error instanceof DomainError && error.kind === 'unavailable';
    return {
      outcome: unavailable ? ('unavailable' as const) : ('other' as const),
      message: String(error),
      ms: Date.now() - started,
    };
  }
};

describe('database outage', () => {
  let server: StoppablePostgres;
  let testApp: TestApp;
  let member: UserFixture;
  let model: ModelFixture;
  let collect: CollectUsageUseCase;
  let ids: { organizationId: string; userId: string; modelId: string };
  const sharedAdminUrl = process.env.TEST_POSTGRES_ADMIN_URL;

  beforeAll(async () => {
    server = await startStoppablePostgres();
    // startTestApp creates its database on the server of this variable.
    process.env.TEST_POSTGRES_ADMIN_URL = server.adminUrl;
    testApp = await startTestApp('database_outage');
    const { dataSource } = testApp;
    const organization = await insertOrganization(dataSource, 'Acme');
    member = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'member@acme.example',
    });
    model = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
    collect = testApp.app.get(CollectUsageUseCase);
    ids = {
      organizationId: organization.id,
      userId: member.id,
      modelId: model.id,
    };
  });

  afterAll(async () => {
    await server.start().catch(() => undefined);
    await testApp?.close();
    process.env.TEST_POSTGRES_ADMIN_URL = sharedAdminUrl;
    await server?.destroy();
  });

  const startRun = (key: string) =>
    request(testApp.server)
      .post('/api/runs')
      .set('Authorization', bearer(member))
      .set('Idempotency-Key', key)
      .send({ modelId: model.id, input: 'hello' });

  const health = () => request(testApp.server).get('/api/health');

  it('fails fast while down and recovers', async () => {
    await health().expect(200);
    await startRun('before-outage').expect(201);

    // Calls in flight when the server stops.
    const inFlightRuns = Array.from({ length: 10 }, (_, index) =>
      timed(() => startRun(`in-flight-${index}`)),
    );
    const inFlightCollections = Array.from({ length: 50 }, (_, index) =>
      timedCollection(() =>
        collect.execute(loadCommand(ids, 'in-flight', index)),
      ),
    );
    await server.stop();

    const duringRuns = await Promise.all(
      Array.from({ length: 3 }, (_, index) =>
        timed(() => startRun(`during-${index}`)),
      ),
    );
    const duringCollections = await Promise.all(
      Array.from({ length: 3 }, (_, index) =>
        timedCollection(() =>
          collect.execute(loadCommand(ids, 'during', index)),
        ),
      ),
    );
    const healthDown = await timed(() => health());
    const settledRuns = await Promise.all(inFlightRuns);
    const settledCollections = await Promise.all(inFlightCollections);

    for (const call of [...duringRuns, ...duringCollections]) {
      expect(call.outcome).toBe('unavailable');
      expect(call.ms).toBeLessThan(OUTAGE_CALL_LIMIT_MS);
    }
    for (const call of duringRuns) {
      expect(call.message).toBe(
        'The database is unreachable; retry in a few seconds',
      );
    }
    expect(healthDown).toEqual({
      outcome: 'unavailable',
      status: 503,
      message: undefined,
      ms: expect.any(Number) as number,
    });
    for (const call of [...settledRuns, ...settledCollections]) {
      expect(['ok', 'unavailable']).toContain(call.outcome);
    }

    await server.start();
    const recoveredAt = Date.now();
    let healthStatus = 0;
    while (
      healthStatus !== 200 &&
      Date.now() - recoveredAt < RECOVERY_LIMIT_MS
    ) {
      healthStatus = (await health()).status;
      if (healthStatus !== 200)
        await new Promise((done) => setTimeout(done, 200));
    }
    expect(healthStatus).toBe(200);
    await startRun('after-outage').expect(201);
    await expect(
      collect.execute(loadCommand(ids, 'after', 0)),
    ).resolves.toMatchObject({ created: true });

    // Nothing acknowledged was dropped: every collection that resolved is stored.
    const stored: { request_id: string }[] = await testApp.dataSource.query(
      `SELECT request_id FROM usage WHERE request_id LIKE 'in-flight-%'`,
    );
    const storedIds = new Set(stored.map((row) => row.request_id));
    const acknowledged = settledCollections
      .map((call, index) => (call.outcome === 'ok' ? `in-flight-${index}` : ''))
      .filter((id) => id !== '');
    expect(acknowledged.filter((id) => !storedIds.has(id))).toEqual([]);
  });
});
