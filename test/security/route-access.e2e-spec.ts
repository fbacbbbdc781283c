import jwt from 'jsonwebtoken';
import request from 'supertest';
import {
  insertModel,
  insertOrganization,
  insertUser,
  FIXTURE_PASSWORD,
  tokenFor,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  admits,
  ApplicationRoute,
  fillPath,
  listApplicationRoutes,
} from './support/application-routes';

type Caller = {
  name: string;
  authorization: () => string | undefined;
} & (
  | { kind: 'bad_token' }
  | {
      kind: 'user';
      orgRole: 'admin' | 'member';
      systemRole: 'super_admin' | null;
    }
);

interface Outcome {
  route: string;
  caller: string;
  status: number;
  expected: string;
}

const unsignedToken = (user: UserFixture) => {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const nowSeconds = Math.floor(Date.now() / 1000);

  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
    sub: user.id,
    org: user.organizationId,
    iat: nowSeconds,
    exp: nowSeconds + 3600,
  })}.`;
};

describe('route access table', () => {
  let testApp: TestApp;
  let routes: ApplicationRoute[];
  let ids: Record<string, string>;
  let bodies: Record<string, object>;
  let callers: Caller[];

  beforeAll(async () => {
    testApp = await startTestApp('route_access', {
      LOGIN_RATE_LIMIT_PER_IP: '1000',
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000',
    });
    const { dataSource } = testApp;
    const acme = await insertOrganization(dataSource, 'Acme');
    const globex = await insertOrganization(dataSource, 'Globex');
    const platform = await insertOrganization(dataSource, 'Platform');
    const member = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'member@acme.example',
    });
    const admin = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'admin@acme.example',
      orgRole: 'admin',
    });
    const otherAdmin = await insertUser(dataSource, {
      organizationId: globex.id,
      email: 'admin@globex.example',
      orgRole: 'admin',
    });
    const superAdmin = await insertUser(dataSource, {
      organizationId: platform.id,
      email: 'root@platform.example',
      orgRole: 'admin',
      systemRole: 'super_admin',
    });
    const deactivatable = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'leaving@acme.example',
    });
    const model = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
    // The super admin's run, so that its GET in the success check is a 200.
    const run = await request(testApp.server)
      .post('/api/runs')
      .set('Authorization', `Bearer ${tokenFor(superAdmin)}`)
      .send({ modelId: model.id, input: 'hello' })
      .expect(201);

    routes = listApplicationRoutes(testApp.app);
    ids = {
      orgId: acme.id,
      modelId: model.id,
      userId: deactivatable.id,
      runId: (run.body as { runId: string }).runId,
    };
    bodies = {
      'POST /api/auth/login': {
        email: 'member@acme.example',
        password: FIXTURE_PASSWORD,
      },
      'POST /api/runs': { modelId: model.id, input: 'hello' },
      'POST /api/super-admin/organizations': { name: 'Initech' },
      'POST /api/super-admin/organizations/:orgId/users': {
        email: 'new@acme.example',
        name: 'New',
        password: 'a long enough password',
      },
      'POST /api/super-admin/models': {
        name: 'claude-3-haiku',
        displayName: 'Claude 3 Haiku',
        provider: 'anthropic',
        currency: 'USD',
      },
      'PATCH /api/super-admin/models/:modelId': { displayName: 'GPT-4o' },
    };
    const user = (
      name: string,
      fixture: UserFixture,
      orgRole: 'admin' | 'member',
      systemRole: 'super_admin' | null = null,
    ): Caller => ({
      name,
      kind: 'user',
      orgRole,
      systemRole,
      authorization: () => `Bearer ${tokenFor(fixture)}`,
    });
    const badToken = (name: string, value: () => string | undefined) => ({
      name,
      kind: 'bad_token' as const,
      authorization: value,
    });
    callers = [
      badToken('no token', () => undefined),
      badToken('malformed token', () => 'Bearer not-a-token'),
      badToken(
        'token of another key',
        () =>
          `Bearer ${tokenFor(admin, { secret: 'another-secret-of-at-least-32-characters' })}`,
      ),
      badToken('alg none token', () => `Bearer ${unsignedToken(admin)}`),
      badToken(
        'expired token',
        () => `Bearer ${tokenFor(admin, { expiresInSeconds: -60 })}`,
      ),
      badToken(
        'token without subject',
        () =>
          `Bearer ${jwt.sign({ org: acme.id }, testApp.settings.jwtSecret)}`,
      ),
      user('member', member, 'member'),
      user('admin of another organization', otherAdmin, 'admin'),
      user('admin', admin, 'admin'),
      user('super admin', superAdmin, 'admin', 'super_admin'),
    ];
  });

  afterAll(async () => {
    await testApp.close();
  });

  const call = (route: ApplicationRoute, caller: Caller) => {
    const key = `${route.method} ${route.path}`;
    const agent = request(testApp.server);
    const path = fillPath(route.path, ids);
    let test = agent[route.method.toLowerCase() as 'get'](path);
    const authorization = caller.authorization();
    if (authorization !== undefined) {
      test = test.set('Authorization', authorization);
    }

    return bodies[key] === undefined ? test : test.send(bodies[key]);
  };

  const expectedFor = (route: ApplicationRoute, caller: Caller): string => {
    if (route.access.isPublic) return 'allowed';
    if (caller.kind === 'bad_token') return '401';

    return admits(route.access, caller) ? 'allowed' : '403';
  };

  const matches = (status: number, expected: string) =>
    expected === 'allowed'
      ? status !== 401 && status !== 403 && status < 500
      : status === Number(expected);

  it('finds the routes of every controller', () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);

    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/health',
        'GET /api/models',
        'POST /api/runs',
        'GET /api/runs/:runId',
        'GET /api/usage/stats',
        'GET /api/super-admin/usage/:orgId/stats',
        'GET /api/super-admin/global-usage/users',
        'DELETE /api/super-admin/users/:userId',
      ]),
    );
  });

  it('declares access on every route', () => {
    const undeclared = routes
      .filter((route) => !route.access.declared)
      .map((route) => `${route.method} ${route.path} (${route.handler})`);

    expect(undeclared).toEqual([]);
  });

  it('answers each caller as declared', async () => {
    const mismatches: Outcome[] = [];

    // Callers run in order, so the super admin's calls that change data
    // (creating, deactivating) come last and each runs once.
    for (const caller of callers) {
      for (const route of routes) {
        const response = await call(route, caller);
        const expected = expectedFor(route, caller);
        if (!matches(response.status, expected)) {
          mismatches.push({
            route: `${route.method} ${route.path}`,
            caller: caller.name,
            status: response.status,
            expected,
          });
        }
      }
    }

    expect(mismatches).toEqual([]);
  });

  it('lets permitted callers succeed', async () => {
    const failures: Outcome[] = [];
    const superAdmin = callers[callers.length - 1];

    for (const route of routes) {
      if (route.method === 'DELETE' || route.method === 'POST') continue;
      const response = await call(route, superAdmin);
      if (
        admits(route.access, { orgRole: 'admin', systemRole: 'super_admin' }) &&
        (response.status < 200 || response.status >= 300)
      ) {
        failures.push({
          route: `${route.method} ${route.path}`,
          caller: superAdmin.name,
          status: response.status,
          expected: '2xx',
        });
      }
    }

    expect(failures).toEqual([]);
  });

  it('answers bad tokens with the error body', async () => {
    const response = await request(testApp.server)
      .get('/api/usage/stats')
      .set(
        'Authorization',
        `Bearer ${unsignedToken({ id: ids.userId, organizationId: ids.orgId } as UserFixture)}`,
      )
      .expect(401);

    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: expect.any(String) as string,
      details: [],
      path: '/api/usage/stats',
      requestId: expect.any(String) as string,
    });
  });
});
