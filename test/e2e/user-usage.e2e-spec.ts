import request from 'supertest';
import {
  bearer,
  insertOrganization,
  insertUser,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  compareIds,
  dayStart,
  insertUserUsageFixture,
  UserUsageFixture,
} from '../support/user-usage-fixture';

const UNKNOWN_ORGANIZATION = '00000000-0000-4000-8000-000000000000';

interface ExpectedUsage {
  tokens: number;
  requests: number;
  costs: { currency: string; amount: string }[];
  isActive: boolean;
}

const NO_USAGE = { tokens: 0, requests: 0, costs: [] };

describe('GET users usage', () => {
  let testApp: TestApp;
  let fixture: UserUsageFixture;
  let superAdmin: UserFixture;
  let range: string;

  beforeAll(async () => {
    testApp = await startTestApp('user_usage');
    fixture = await insertUserUsageFixture(testApp.dataSource);
    const platform = await insertOrganization(testApp.dataSource, 'Platform');
    superAdmin = await insertUser(testApp.dataSource, {
      organizationId: platform.id,
      email: 'root@platform.test',
      name: 'Root Admin',
      orgRole: 'admin',
      systemRole: 'super_admin',
    });
    // The end date is included whole, so the range ends at dayStart(1).
    const startDate = dayStart(20).toISOString().slice(0, 10);
    const endDate = dayStart(2).toISOString().slice(0, 10);
    range = `startDate=${startDate}&endDate=${endDate}`;
  });

  afterAll(async () => {
    await testApp.close();
  });

  function get(path: string, caller: UserFixture) {
    return request(testApp.server)
      .get(path)
      .set('Authorization', bearer(caller));
  }

  function row(user: UserFixture, usage: ExpectedUsage) {
    const lastActivity = fixture.lastActivity[user.id] ?? null;

    return {
      userId: user.id,
      userName: user.name,
      userEmail: user.email,
      ...usage,
      lastActivity: lastActivity === null ? null : lastActivity.toISOString(),
    };
  }

  function acmeRows() {
    const { alice, bob, carol, dan, eve, frank } = fixture.users;
    const byId = (a: { userId: string }, b: { userId: string }) =>
      compareIds(a.userId, b.userId);

    return [
      ...[
        row(bob, {
          tokens: 1030,
          requests: 2,
          costs: [{ currency: 'USD', amount: '0.0125' }],
          isActive: true,
        }),
        row(frank, {
          tokens: 1030,
          requests: 1,
          costs: [{ currency: 'USD', amount: '0.0056' }],
          isActive: true,
        }),
      ].sort(byId),
      row(alice, {
        tokens: 450,
        requests: 2,
        costs: [
          { currency: 'EUR', amount: '0.021' },
          { currency: 'USD', amount: '0.0015' },
        ],
        isActive: true,
      }),
      // Carol is deactivated, so she is not active despite her request.
      row(carol, {
        tokens: 50,
        requests: 1,
        costs: [{ currency: 'EUR', amount: '0.0027' }],
        isActive: false,
      }),
      ...[
        row(dan, { ...NO_USAGE, isActive: false }),
        row(eve, { ...NO_USAGE, isActive: false }),
      ].sort(byId),
    ];
  }

  describe('/api/usage/users', () => {
    it('lists the caller organization', async () => {
      const response = await get(
        `/api/usage/users?${range}`,
        fixture.users.alice,
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: acmeRows(),
        pagination: { limit: 50, offset: 0, total: 6 },
      });
    });

    it('pages without repeats or gaps', async () => {
      const query = `${range}&sortBy=lastActivity&sortOrder=asc`;
      const all = await get(
        `/api/usage/users?${query}&limit=1000`,
        fixture.users.alice,
      );
      const paged: unknown[] = [];
      for (let offset = 0; offset < 8; offset += 2) {
        const page = await get(
          `/api/usage/users?${query}&limit=2&offset=${offset}`,
          fixture.users.alice,
        );

        expect(page.body.pagination).toEqual({ limit: 2, offset, total: 6 });
        paged.push(...page.body.data);
      }

      expect(paged).toEqual(all.body.data);
      expect(paged.map((user) => (user as { userId: string }).userId)).toEqual([
        fixture.users.eve.id,
        fixture.users.carol.id,
        fixture.users.frank.id,
        fixture.users.bob.id,
        fixture.users.alice.id,
        fixture.users.dan.id,
      ]);
    });

    it('sorts by cost in a currency', async () => {
      const response = await get(
        `/api/usage/users?${range}&sortBy=cost&currency=EUR&limit=2`,
        fixture.users.alice,
      );

      expect(response.status).toBe(200);
      expect(
        response.body.data.map((user: { userId: string }) => user.userId),
      ).toEqual([fixture.users.alice.id, fixture.users.carol.id]);
    });

    it('searches literally', async () => {
      const response = await get(
        `/api/usage/users?${range}&search=${encodeURIComponent('0%')}`,
        fixture.users.alice,
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: [
          row(fixture.users.bob, {
            tokens: 1030,
            requests: 2,
            costs: [{ currency: 'USD', amount: '0.0125' }],
            isActive: true,
          }),
        ],
        pagination: { limit: 50, offset: 0, total: 1 },
      });
    });

    it.each([
      ['limit=0', 'limit', 'must be an integer from 1 to 1000'],
      ['limit=1001', 'limit', 'must be an integer from 1 to 1000'],
      [
        'limit=1&limit=2',
        'limit',
        'must be a single value, not a list or a repeated parameter',
      ],
      ['offset=-1', 'offset', 'must be an integer of 0 or more'],
      [
        'sortBy=cost',
        'currency',
        'is required when sortBy is cost, as a currency code such as USD',
      ],
      [
        'sortBy=email',
        'sortBy',
        'must be one of tokens, requests, cost, lastActivity, userName',
      ],
    ])('rejects %s', async (query, field, message) => {
      const response = await get(
        `/api/usage/users?${query}`,
        fixture.users.alice,
      );

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field, message }]);
      expect(response.body.message).toBe(`${field}: ${message}`);
    });

    it('rejects a missing token', async () => {
      const response = await request(testApp.server).get('/api/usage/users');

      expect(response.status).toBe(401);
    });

    it('rejects a member', async () => {
      const response = await get('/api/usage/users', fixture.users.bob);

      expect(response.status).toBe(403);
    });
  });

  describe('/api/super-admin/usage/:orgId/users', () => {
    it('lists one organization', async () => {
      const response = await get(
        `/api/super-admin/usage/${fixture.acme.id}/users?${range}`,
        superAdmin,
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: acmeRows(),
        pagination: { limit: 50, offset: 0, total: 6 },
      });
    });

    it('lists another organization', async () => {
      const response = await get(
        `/api/super-admin/usage/${fixture.globex.id}/users?${range}&sortBy=userName&sortOrder=asc`,
        superAdmin,
      );
      const { gina, gina2 } = fixture.users;

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: [
          row(gina, {
            tokens: 20,
            requests: 1,
            costs: [{ currency: 'USD', amount: '0.00025' }],
            isActive: true,
          }),
          row(gina2, { ...NO_USAGE, isActive: false }),
        ].sort((a, b) => compareIds(a.userId, b.userId)),
        pagination: { limit: 50, offset: 0, total: 2 },
      });
    });

    it('rejects a malformed id', async () => {
      const response = await get(
        '/api/super-admin/usage/acme/users',
        superAdmin,
      );

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'orgId',
          message:
            'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
        },
      ]);
    });

    it('rejects an unknown organization', async () => {
      const response = await get(
        `/api/super-admin/usage/${UNKNOWN_ORGANIZATION}/users`,
        superAdmin,
      );

      expect(response.status).toBe(404);
      expect(response.body.message).toBe(
        `Organization ${UNKNOWN_ORGANIZATION} not found`,
      );
    });

    it('rejects an org admin', async () => {
      const response = await get(
        `/api/super-admin/usage/${fixture.globex.id}/users`,
        fixture.users.alice,
      );

      expect(response.status).toBe(403);
    });

    it('rejects a bad limit', async () => {
      const response = await get(
        `/api/super-admin/usage/${fixture.acme.id}/users?limit=0`,
        superAdmin,
      );

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'limit', message: 'must be an integer from 1 to 1000' },
      ]);
    });
  });

  describe('/api/super-admin/global-usage/users', () => {
    it('lists every user with organization', async () => {
      const response = await get(
        `/api/super-admin/global-usage/users?${range}&sortBy=userName&sortOrder=asc`,
        superAdmin,
      );
      const [alice, bob, carol, dan, eve, frank] = acmeRowsByName();
      const ginas = [fixture.users.gina, fixture.users.gina2].sort((a, b) =>
        compareIds(a.id, b.id),
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: [
          alice,
          bob,
          carol,
          eve,
          frank,
          ...ginas.map((user) => globexRow(user)),
          {
            ...row(superAdmin, { ...NO_USAGE, isActive: false }),
            organizationId: superAdmin.organizationId,
            organizationName: 'Platform',
          },
          dan,
        ],
        pagination: { limit: 50, offset: 0, total: 9 },
      });
    });

    it('searches across organizations', async () => {
      const response = await get(
        '/api/super-admin/global-usage/users?search=GLOBEX&limit=1',
        superAdmin,
      );

      expect(response.status).toBe(200);
      expect(response.body.pagination).toEqual({
        limit: 1,
        offset: 0,
        total: 2,
      });
      expect(response.body.data).toEqual([
        {
          ...row(fixture.users.gina, {
            tokens: 20,
            requests: 1,
            costs: [{ currency: 'USD', amount: '0.00025' }],
            isActive: true,
          }),
          organizationId: fixture.globex.id,
          organizationName: 'Globex',
        },
      ]);
    });

    it('rejects an org admin', async () => {
      const response = await get(
        '/api/super-admin/global-usage/users',
        fixture.users.alice,
      );

      expect(response.status).toBe(403);
    });

    it('rejects an unknown sortBy', async () => {
      const response = await get(
        '/api/super-admin/global-usage/users?sortBy=organization',
        superAdmin,
      );

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'sortBy',
          message:
            'must be one of tokens, requests, cost, lastActivity, userName',
        },
      ]);
    });
  });

  /** Acme rows with organization fields, in the order alice, bob, carol, dan, eve, frank. */
  function acmeRowsByName() {
    const rows = acmeRows();
    const { alice, bob, carol, dan, eve, frank } = fixture.users;

    return [alice, bob, carol, dan, eve, frank].map((user) => ({
      ...rows.find((candidate) => candidate.userId === user.id)!,
      organizationId: fixture.acme.id,
      organizationName: 'Acme',
    }));
  }

  function globexRow(user: UserFixture) {
    const usage =
      user.id === fixture.users.gina.id
        ? {
            tokens: 20,
            requests: 1,
            costs: [{ currency: 'USD', amount: '0.00025' }],
            isActive: true,
          }
        : { ...NO_USAGE, isActive: false };

    return {
      ...row(user, usage),
      organizationId: fixture.globex.id,
      organizationName: 'Globex',
    };
  }
});
