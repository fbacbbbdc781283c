import request from 'supertest';
import { bearer, UserFixture } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  insertUsageDashboardFixture,
  UsageDashboardFixture,
} from '../support/usage-dashboard-fixture';

const DASHBOARD_PARTS = ['stats', 'providers', 'providers/chart', 'models'];

describe('usage dashboard access', () => {
  let testApp: TestApp;
  let fixture: UsageDashboardFixture;

  beforeAll(async () => {
    testApp = await startTestApp('usage_access');
    fixture = await insertUsageDashboardFixture(testApp.dataSource);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function get(path: string, user?: UserFixture) {
    const call = request(testApp.server).get(`/api${path}`);

    return user === undefined ? call : call.set('Authorization', bearer(user));
  }

  describe.each(DASHBOARD_PARTS)('/usage/%s', (part) => {
    const path = `/usage/${part}`;

    it('rejects a missing token', async () => {
      const response = await get(path);

      expect(response.status).toBe(401);
    });

    it('rejects a member', async () => {
      const response = await get(path, fixture.users.bob);

      expect(response.status).toBe(403);
      expect(response.body.message).toBe(
        'This route requires the organization role admin',
      );
    });

    it('serves the admin their organization', async () => {
      const acme = await get(`${path}?provider=anthropic`, fixture.users.alice);
      const globex = await get(
        `${path}?provider=anthropic`,
        fixture.users.gadmin,
      );

      expect(acme.status).toBe(200);
      expect(globex.status).toBe(200);
      expect(tokensOf(part, acme.body)).toBe(300);
      expect(tokensOf(part, globex.body)).toBe(200);
    });

    it('serves a super admin their organization', async () => {
      const response = await get(path, fixture.users.root);

      expect(response.status).toBe(200);
      expect(tokensOf(part, response.body)).toBe(0);
    });
  });

  const organizationRoutes = DASHBOARD_PARTS.map((part) => [part]);

  describe.each(organizationRoutes)('/super-admin/usage/:orgId/%s', (part) => {
    const pathOf = (organizationId: string) =>
      `/super-admin/usage/${organizationId}/${part}`;

    it('rejects a missing token', async () => {
      const response = await get(pathOf(fixture.acme.id));

      expect(response.status).toBe(401);
    });

    it.each(['bob', 'alice', 'gadmin'] as const)('rejects %s', async (name) => {
      const response = await get(pathOf(fixture.acme.id), fixture.users[name]);

      expect(response.status).toBe(403);
      expect(response.body.message).toBe(
        'This route requires the system role super_admin',
      );
    });

    it('serves a super admin', async () => {
      const response = await get(
        `${pathOf(fixture.acme.id)}?provider=anthropic`,
        fixture.users.root,
      );

      expect(response.status).toBe(200);
      expect(tokensOf(part, response.body)).toBe(300);
    });

    it('rejects a malformed orgId', async () => {
      const response = await get(pathOf('not-a-uuid'), fixture.users.root);

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'orgId',
          message:
            'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
        },
      ]);
    });

    it('rejects an unknown orgId', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const response = await get(pathOf(unknown), fixture.users.root);

      expect(response.status).toBe(404);
      expect(response.body.message).toBe(`Organization ${unknown} not found`);
      expect(response.body.details).toEqual([
        {
          field: 'orgId',
          message:
            'names no organization; GET /api/super-admin/organizations lists them',
        },
      ]);
    });
  });

  it('documents every route for Swagger', async () => {
    const response = await request(testApp.server).get('/api/docs-json');
    const paths = response.body.paths as Record<
      string,
      { get: { responses: Record<string, unknown> } }
    >;
    const routes = [
      ...DASHBOARD_PARTS.map((part) => `/api/usage/${part}`),
      ...DASHBOARD_PARTS.map(
        (part) => `/api/super-admin/usage/{orgId}/${part}`,
      ),
      ...DASHBOARD_PARTS.map((part) => `/api/super-admin/global-usage/${part}`),
    ];

    for (const route of routes) {
      expect([route, Object.keys(paths[route]?.get.responses ?? {})]).toEqual([
        route,
        expect.arrayContaining(['200', '400', '401', '403']),
      ]);
    }
    expect(
      Object.keys(paths['/api/super-admin/usage/{orgId}/stats'].get.responses),
    ).toContain('404');
  });

  describe.each(organizationRoutes)('/super-admin/global-usage/%s', (part) => {
    const path = `/super-admin/global-usage/${part}?provider=anthropic`;

    it('rejects a missing token', async () => {
      const response = await get(path);

      expect(response.status).toBe(401);
    });

    it.each(['bob', 'alice', 'gadmin'] as const)('rejects %s', async (name) => {
      const response = await get(path, fixture.users[name]);

      expect(response.status).toBe(403);
    });

    it('serves a super admin', async () => {
      const response = await get(path, fixture.users.root);

      expect(response.status).toBe(200);
      expect(tokensOf(part, response.body)).toBe(500);
    });
  });
});

/** Sums the tokens a dashboard body reports, whatever its shape. */
function tokensOf(part: string, body: Record<string, unknown>): number {
  switch (part) {
    case 'stats':
      return body.totalTokens as number;
    case 'providers':
      return sum(body.providers as { tokens: number }[]);
    case 'models':
      return sum(body.models as { tokens: number }[]);
    default:
      return (body.timeSeries as { values: Record<string, number> }[])
        .flatMap((point) => Object.values(point.values))
        .reduce((total, tokens) => total + tokens, 0);
  }
}

function sum(rows: { tokens: number }[]): number {
  return rows.reduce((total, row) => total + row.tokens, 0);
}
