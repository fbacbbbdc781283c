import request from 'supertest';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { listApplicationRoutes } from './support/application-routes';
import {
  BadRequestCase,
  badRequestCorpus,
  CorpusCaller,
} from './support/bad-request-corpus';
import { snapshotTables, TableSnapshot } from './support/table-snapshot';

/** Routes that read no parameter, query or body, so no input can be bad. */
const ROUTES_WITHOUT_INPUT = [
  'GET /api/auth/me',
  'GET /api/health',
  'GET /api/models',
  'GET /api/organization/members',
  'GET /api/super-admin/organizations',
  'GET /api/super-admin/models',
  'GET /metrics',
];

interface Outcome {
  name: string;
  status: number;
  fields: string[];
}

describe('bad request corpus', () => {
  let testApp: TestApp;
  let corpus: BadRequestCase[];
  let callers: Record<Exclude<CorpusCaller, 'anonymous'>, UserFixture>;
  let before: TableSnapshot;

  beforeAll(async () => {
    testApp = await startTestApp('bad_input', {
      LOGIN_RATE_LIMIT_PER_IP: '100000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000',
    });
    const { dataSource } = testApp;
    const acme = await insertOrganization(dataSource, 'Acme');
    const platform = await insertOrganization(dataSource, 'Platform');
    callers = {
      member: await insertUser(dataSource, {
        organizationId: acme.id,
        email: 'member@acme.example',
      }),
      admin: await insertUser(dataSource, {
        organizationId: acme.id,
        email: 'admin@acme.example',
        orgRole: 'admin',
      }),
      super_admin: await insertUser(dataSource, {
        organizationId: platform.id,
        email: 'root@platform.example',
        orgRole: 'admin',
        systemRole: 'super_admin',
      }),
    };
    const model = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
    await insertUsage(dataSource, {
      organizationId: acme.id,
      userId: callers.member.id,
      model,
      inputTokens: 1000,
      outputTokens: 200,
      cost: '0.0045',
      createdAt: '2026-03-05T10:00:00Z',
    });
    corpus = badRequestCorpus({
      orgId: acme.id,
      modelId: model.id,
      userId: callers.member.id,
      runId: '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
    });
    before = await snapshotTables(dataSource);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const send = (badCase: BadRequestCase) => {
    const method = badCase.method.toLowerCase() as 'get';
    let test = request(testApp.server)[method](badCase.url);
    if (badCase.caller !== 'anonymous') {
      test = test.set('Authorization', bearer(callers[badCase.caller]));
    }
    for (const [name, value] of Object.entries(badCase.headers ?? {})) {
      test = test.set(name, value);
    }
    if (badCase.rawBody !== undefined) {
      return test
        .set('Content-Type', badCase.contentType ?? 'application/json')
        .send(badCase.rawBody);
    }

    return badCase.body === undefined
      ? test
      : test.send(badCase.body as object);
  };

  it('holds at least 150 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
  });

  it('covers every route with input', () => {
    const covered = new Set(corpus.map((c) => `${c.method} ${c.route}`));
    const missing = listApplicationRoutes(testApp.app)
      .map((route) => `${route.method} ${route.path}`)
      .filter(
        (route) => !covered.has(route) && !ROUTES_WITHOUT_INPUT.includes(route),
      );

    expect(missing).toEqual([]);
  });

  it('rejects each case naming its field', async () => {
    const wrong: (Outcome & { expected: string })[] = [];

    for (const badCase of corpus) {
      const response = await send(badCase);
      const body = response.body as { details?: { field: string }[] };
      const fields = (body.details ?? []).map((detail) => detail.field);
      const statusOk =
        badCase.status === undefined
          ? response.status === 400
          : response.status === badCase.status;
      if (!statusOk || !fields.includes(badCase.field)) {
        wrong.push({
          name: badCase.name,
          status: response.status,
          fields,
          expected: `${badCase.status ?? 400} ${badCase.field}`,
        });
      }
    }

    expect(wrong).toEqual([]);
  });

  it.each([
    ['%', 0],
    ['_', 0],
    ['\\', 0],
    ["member' OR '1'='1", 0],
    ['%mem%', 0],
    ['member', 1],
  ])('matches search %j literally', async (search, matches) => {
    const response = await request(testApp.server)
      .get('/api/usage/users')
      .query({ search })
      .set('Authorization', bearer(callers.admin));

    expect(response.status).toBe(200);
    expect((response.body as { data: unknown[] }).data).toHaveLength(matches);
  });

  it('leaves every table unchanged', async () => {
    expect(await snapshotTables(testApp.dataSource)).toEqual(before);
  });
});
