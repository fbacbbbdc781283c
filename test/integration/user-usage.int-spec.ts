import { DataSource } from 'typeorm';
import { GetGlobalUserUsageUseCase } from '../../src/modules/usage/application/get-global-user-usage.use-case';
import {
  GetUserUsageUseCase,
  UserUsageCriteria,
} from '../../src/modules/usage/application/get-user-usage.use-case';
import { UnknownOrganizationError } from '../../src/modules/usage/domain/usage.errors';
import {
  UserUsage,
  UserUsageSort,
} from '../../src/modules/usage/domain/user-usage';
import { PostgresUserUsageRepository } from '../../src/modules/usage/infrastructure/postgres-user-usage.repository';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { UserFixture } from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import {
  compareIds,
  insertUserUsageFixture,
  orderWithTies,
  UserUsageFixture,
} from '../support/user-usage-fixture';

describe('user usage queries', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let fixture: UserUsageFixture;
  let getUserUsage: GetUserUsageUseCase;
  let getGlobalUserUsage: GetGlobalUserUsageUseCase;

  beforeAll(async () => {
    database = await createTestDatabase('user_usage');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 2));
    await dataSource.initialize();
    fixture = await insertUserUsageFixture(dataSource);

    const repository = new PostgresUserUsageRepository(dataSource);
    getUserUsage = new GetUserUsageUseCase(repository);
    getGlobalUserUsage = new GetGlobalUserUsageUseCase(repository);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  function criteria(
    overrides: Partial<UserUsageCriteria> = {},
  ): UserUsageCriteria {
    return {
      range: fixture.range,
      sort: { by: 'tokens', order: 'desc' },
      limit: 1000,
      offset: 0,
      ...overrides,
    };
  }

  async function acmeIds(
    overrides: Partial<UserUsageCriteria>,
  ): Promise<string[]> {
    const list = await getUserUsage.execute(
      fixture.acme.id,
      criteria(overrides),
    );

    return list.users.map((user) => user.userId);
  }

  function expected(
    user: UserFixture,
    usage: Pick<UserUsage, 'tokens' | 'requests' | 'costs' | 'isActive'>,
  ): UserUsage {
    const organization =
      user.organizationId === fixture.acme.id ? fixture.acme : fixture.globex;

    return {
      userId: user.id,
      userName: user.name,
      userEmail: user.email,
      organizationId: organization.id,
      organizationName: organization.name,
      lastActivity: fixture.lastActivity[user.id],
      ...usage,
    };
  }

  describe('organization rows', () => {
    it('lists every member with usage in range', async () => {
      const { alice, bob, carol, dan, eve, frank } = fixture.users;

      const list = await getUserUsage.execute(fixture.acme.id, criteria());

      expect(list.total).toBe(6);
      expect(list.users).toEqual([
        ...[
          expected(bob, {
            tokens: 1030,
            requests: 2,
            costs: [{ currency: 'USD', amount: '0.0125' }],
            isActive: true,
          }),
          expected(frank, {
            tokens: 1030,
            requests: 1,
            costs: [{ currency: 'USD', amount: '0.0056' }],
            isActive: true,
          }),
        ].sort((a, b) => compareIds(a.userId, b.userId)),
        expected(alice, {
          tokens: 450,
          requests: 2,
          costs: [
            { currency: 'EUR', amount: '0.021' },
            { currency: 'USD', amount: '0.0015' },
          ],
          isActive: true,
        }),
        expected(carol, {
          tokens: 50,
          requests: 1,
          costs: [{ currency: 'EUR', amount: '0.0027' }],
          isActive: true,
        }),
        ...[
          expected(dan, { tokens: 0, requests: 0, costs: [], isActive: false }),
          expected(eve, { tokens: 0, requests: 0, costs: [], isActive: false }),
        ].sort((a, b) => compareIds(a.userId, b.userId)),
      ]);
    });

    it('counts all time without a range', async () => {
      const list = await getUserUsage.execute(
        fixture.acme.id,
        criteria({ range: null }),
      );
      const alice = list.users.find(
        (user) => user.userId === fixture.users.alice.id,
      );
      const eve = list.users.find(
        (user) => user.userId === fixture.users.eve.id,
      );

      expect(alice).toEqual(
        expected(fixture.users.alice, {
          tokens: 1450,
          requests: 3,
          costs: [
            { currency: 'EUR', amount: '0.021' },
            { currency: 'USD', amount: '0.0065' },
          ],
          isActive: true,
        }),
      );
      expect(eve).toEqual(
        expected(fixture.users.eve, {
          tokens: 700,
          requests: 1,
          costs: [{ currency: 'USD', amount: '0.0035' }],
          isActive: false,
        }),
      );
    });

    it('filters by provider', async () => {
      const list = await getUserUsage.execute(
        fixture.acme.id,
        criteria({
          provider: 'anthropic',
          sort: { by: 'userName', order: 'asc' },
        }),
      );

      expect(
        list.users.map(({ userName, tokens, requests, costs }) => ({
          userName,
          tokens,
          requests,
          costs,
        })),
      ).toEqual([
        {
          userName: 'Alice Martin',
          tokens: 300,
          requests: 1,
          costs: [{ currency: 'EUR', amount: '0.021' }],
        },
        { userName: 'Bob 100% Real', tokens: 0, requests: 0, costs: [] },
        {
          userName: 'Carol_Dee',
          tokens: 50,
          requests: 1,
          costs: [{ currency: 'EUR', amount: '0.0027' }],
        },
        { userName: 'Eve Old', tokens: 0, requests: 0, costs: [] },
        { userName: 'Frank \\ Slash', tokens: 0, requests: 0, costs: [] },
        { userName: 'dan without usage', tokens: 0, requests: 0, costs: [] },
      ]);
    });

    it('filters by model', async () => {
      const list = await getUserUsage.execute(
        fixture.acme.id,
        criteria({
          modelId: fixture.models.local.id,
          sort: { by: 'userName', order: 'asc' },
        }),
      );

      expect(
        list.users.map(({ tokens, requests, costs }) => ({
          tokens,
          requests,
          costs,
        })),
      ).toEqual([
        { tokens: 0, requests: 0, costs: [] },
        { tokens: 30, requests: 1, costs: [] },
        { tokens: 0, requests: 0, costs: [] },
        { tokens: 0, requests: 0, costs: [] },
        { tokens: 0, requests: 0, costs: [] },
        { tokens: 0, requests: 0, costs: [] },
      ]);
      expect(list.users[1].userId).toBe(fixture.users.bob.id);
    });

    it('rejects an unknown organization', async () => {
      await expect(
        getUserUsage.execute(
          '00000000-0000-4000-8000-000000000000',
          criteria(),
        ),
      ).rejects.toBeInstanceOf(UnknownOrganizationError);
    });
  });

  describe('sorting', () => {
    const cases: [
      UserUsageSort,
      (u: UserUsageFixture['users']) => (UserFixture | UserFixture[])[],
    ][] = [
      [
        { by: 'tokens', order: 'desc' },
        (u) => [[u.bob, u.frank], u.alice, u.carol, [u.dan, u.eve]],
      ],
      [
        { by: 'tokens', order: 'asc' },
        (u) => [[u.dan, u.eve], u.carol, u.alice, [u.bob, u.frank]],
      ],
      [
        { by: 'requests', order: 'desc' },
        (u) => [
          [u.alice, u.bob],
          [u.carol, u.frank],
          [u.dan, u.eve],
        ],
      ],
      [
        { by: 'requests', order: 'asc' },
        (u) => [
          [u.dan, u.eve],
          [u.carol, u.frank],
          [u.alice, u.bob],
        ],
      ],
      [
        { by: 'cost', order: 'desc', currency: 'USD' },
        (u) => [u.bob, u.frank, u.alice, [u.carol, u.dan, u.eve]],
      ],
      [
        { by: 'cost', order: 'asc', currency: 'USD' },
        (u) => [[u.carol, u.dan, u.eve], u.alice, u.frank, u.bob],
      ],
      [
        { by: 'cost', order: 'desc', currency: 'EUR' },
        (u) => [u.alice, u.carol, [u.bob, u.dan, u.eve, u.frank]],
      ],
      [
        { by: 'cost', order: 'asc', currency: 'JPY' },
        (u) => [[u.alice, u.bob, u.carol, u.dan, u.eve, u.frank]],
      ],
      [
        { by: 'lastActivity', order: 'desc' },
        (u) => [u.alice, u.bob, u.frank, u.carol, u.eve, u.dan],
      ],
      [
        { by: 'lastActivity', order: 'asc' },
        (u) => [u.eve, u.carol, u.frank, u.bob, u.alice, u.dan],
      ],
      [
        { by: 'userName', order: 'asc' },
        (u) => [u.alice, u.bob, u.carol, u.eve, u.frank, u.dan],
      ],
      [
        { by: 'userName', order: 'desc' },
        (u) => [u.dan, u.frank, u.eve, u.carol, u.bob, u.alice],
      ],
    ];

    it.each(cases)('orders by %j', async (sort, order) => {
      expect(await acmeIds({ sort })).toEqual(
        orderWithTies(order(fixture.users)),
      );
    });

    it.each(cases)('pages by %j without gaps', async (sort) => {
      const all = await acmeIds({ sort });
      const paged: string[] = [];
      for (let offset = 0; offset < all.length + 2; offset += 2) {
        const page = await getUserUsage.execute(
          fixture.acme.id,
          criteria({ sort, limit: 2, offset }),
        );

        expect(page.total).toBe(6);
        paged.push(...page.users.map((user) => user.userId));
      }

      expect(paged).toEqual(all);
    });

    it('breaks name ties on id', async () => {
      const list = await getGlobalUserUsage.execute(
        criteria({ search: 'gina', sort: { by: 'userName', order: 'desc' } }),
      );

      expect(list.users.map((user) => user.userId)).toEqual(
        orderWithTies([[fixture.users.gina, fixture.users.gina2]]),
      );
    });
  });

  describe('search', () => {
    it.each([
      ['%', ['bob']],
      ['_', ['carol']],
      ['\\', ['frank']],
      ['ALIce', ['alice']],
      ['EVE@ACME', ['eve']],
      ['0% r', ['bob']],
      ['acme.test', ['alice', 'bob', 'carol', 'eve', 'frank', 'dan']],
      ['nobody', []],
    ] as const)('matches %j literally', async (search, names) => {
      const list = await getUserUsage.execute(
        fixture.acme.id,
        criteria({ search, sort: { by: 'userName', order: 'asc' } }),
      );

      expect(list.total).toBe(names.length);
      expect(list.users.map((user) => user.userId)).toEqual(
        names.map((name) => fixture.users[name].id),
      );
    });

    it('counts matches beyond the page', async () => {
      const list = await getUserUsage.execute(
        fixture.acme.id,
        criteria({ search: 'acme', limit: 1, offset: 10 }),
      );

      expect(list.total).toBe(6);
      expect(list.users).toEqual([]);
    });
  });

  describe('global rows', () => {
    it('lists users of every organization', async () => {
      const list = await getGlobalUserUsage.execute(
        criteria({ sort: { by: 'userName', order: 'asc' } }),
      );
      const { alice, bob, carol, dan, eve, frank, gina, gina2 } = fixture.users;

      expect(list.total).toBe(8);
      expect(list.users.map((user) => user.userId)).toEqual(
        orderWithTies([alice, bob, carol, eve, frank, [gina, gina2], dan]),
      );
      expect(list.users.find((user) => user.userId === gina.id)).toEqual(
        expected(gina, {
          tokens: 20,
          requests: 1,
          costs: [{ currency: 'USD', amount: '0.00025' }],
          isActive: true,
        }),
      );
    });

    it('searches across organizations', async () => {
      const list = await getGlobalUserUsage.execute(
        criteria({ search: 'GLOBEX', sort: { by: 'tokens', order: 'desc' } }),
      );

      expect(list.total).toBe(2);
      expect(list.users.map((user) => user.userId)).toEqual([
        fixture.users.gina.id,
        fixture.users.gina2.id,
      ]);
    });
  });
});
