import { DataSource } from 'typeorm';
import {
  UserUsagePage,
  UserUsageQuery,
} from '../../src/modules/usage/application/ports/user-usage.repository';
import {
  UserUsageSort,
  UserUsageTotals,
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
  let repository: PostgresUserUsageRepository;

  beforeAll(async () => {
    database = await createTestDatabase('user_usage');
    dataSource = new DataSource(buildDataSourceOptions(database.url, 2));
    await dataSource.initialize();
    fixture = await insertUserUsageFixture(dataSource);
    repository = new PostgresUserUsageRepository(dataSource);
  });

  afterAll(async () => {
    await repository.onApplicationShutdown();
    await dataSource.destroy();
    await database.drop();
  });

  type Criteria = Omit<UserUsageQuery, 'scope'>;

  function criteria(overrides: Partial<Criteria>): Criteria {
    return {
      range: fixture.range,
      filters: {},
      sort: { by: 'tokens', order: 'desc' },
      limit: 1000,
      offset: 0,
      ...overrides,
    };
  }

  function listAcme(overrides: Partial<Criteria> = {}): Promise<UserUsagePage> {
    const organizationId = fixture.acme.id;

    return repository.findPage({
      scope: { kind: 'organization', organizationId },
      ...criteria(overrides),
    });
  }

  function listAll(overrides: Partial<Criteria> = {}): Promise<UserUsagePage> {
    return repository.findPage({
      scope: { kind: 'global' },
      ...criteria(overrides),
    });
  }

  async function acmeIds(overrides: Partial<Criteria>): Promise<string[]> {
    const page = await listAcme(overrides);

    return page.rows.map((row) => row.userId);
  }

  function expected(
    user: UserFixture,
    usage: Pick<UserUsageTotals, 'tokens' | 'requests' | 'costs'>,
  ): UserUsageTotals {
    const organization =
      user.organizationId === fixture.acme.id ? fixture.acme : fixture.globex;

    return {
      userId: user.id,
      userName: user.name,
      userEmail: user.email,
      organizationId: organization.id,
      organizationName: organization.name,
      deactivated: user.id === fixture.users.carol.id,
      lastActivity: fixture.lastActivity[user.id],
      ...usage,
    };
  }

  describe('organization rows', () => {
    it('lists every member with usage in range', async () => {
      const { alice, bob, carol, dan, eve, frank } = fixture.users;

      const list = await listAcme();

      expect(list.total).toBe(6);
      expect(list.rows).toEqual([
        ...[
          expected(bob, {
            tokens: 1030,
            requests: 2,
            costs: [{ currency: 'USD', amount: '0.0125' }],
          }),
          expected(frank, {
            tokens: 1030,
            requests: 1,
            costs: [{ currency: 'USD', amount: '0.0056' }],
          }),
        ].sort((a, b) => compareIds(a.userId, b.userId)),
        expected(alice, {
          tokens: 450,
          requests: 2,
          costs: [
            { currency: 'EUR', amount: '0.021' },
            { currency: 'USD', amount: '0.0015' },
          ],
        }),
        expected(carol, {
          tokens: 50,
          requests: 1,
          costs: [{ currency: 'EUR', amount: '0.0027' }],
        }),
        ...[
          expected(dan, { tokens: 0, requests: 0, costs: [] }),
          expected(eve, { tokens: 0, requests: 0, costs: [] }),
        ].sort((a, b) => compareIds(a.userId, b.userId)),
      ]);
    });

    it('counts all time without a range', async () => {
      const list = await listAcme({ range: null });
      const alice = list.rows.find(
        (user) => user.userId === fixture.users.alice.id,
      );
      const eve = list.rows.find(
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
        }),
      );
      expect(eve).toEqual(
        expected(fixture.users.eve, {
          tokens: 700,
          requests: 1,
          costs: [{ currency: 'USD', amount: '0.0035' }],
        }),
      );
    });

    it('filters by provider', async () => {
      const list = await listAcme({
        filters: { provider: 'anthropic' },
        sort: { by: 'userName', order: 'asc' },
      });

      expect(
        list.rows.map(({ userName, tokens, requests, costs }) => ({
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
      const list = await listAcme({
        filters: { modelId: fixture.models.local.id },
        sort: { by: 'userName', order: 'asc' },
      });

      expect(
        list.rows.map(({ tokens, requests, costs }) => ({
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
      expect(list.rows[1].userId).toBe(fixture.users.bob.id);
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
        const page = await listAcme({ sort, limit: 2, offset });

        expect(page.total).toBe(6);
        paged.push(...page.rows.map((user) => user.userId));
      }

      expect(paged).toEqual(all);
    });

    it('breaks name ties on id', async () => {
      const list = await listAll({
        search: 'gina',
        sort: { by: 'userName', order: 'desc' },
      });

      expect(list.rows.map((user) => user.userId)).toEqual(
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
      const list = await listAcme({
        search,
        sort: { by: 'userName', order: 'asc' },
      });

      expect(list.total).toBe(names.length);
      expect(list.rows.map((user) => user.userId)).toEqual(
        names.map((name) => fixture.users[name].id),
      );
    });

    it('counts matches beyond the page', async () => {
      const list = await listAcme({ search: 'acme', limit: 1, offset: 10 });

      expect(list.total).toBe(6);
      expect(list.rows).toEqual([]);
    });
  });

  describe('global rows', () => {
    it('lists users of every organization', async () => {
      const list = await listAll({ sort: { by: 'userName', order: 'asc' } });
      const { alice, bob, carol, dan, eve, frank, gina, gina2 } = fixture.users;

      expect(list.total).toBe(8);
      expect(list.rows.map((user) => user.userId)).toEqual(
        orderWithTies([alice, bob, carol, eve, frank, [gina, gina2], dan]),
      );
      expect(list.rows.find((user) => user.userId === gina.id)).toEqual(
        expected(gina, {
          tokens: 20,
          requests: 1,
          costs: [{ currency: 'USD', amount: '0.00025' }],
        }),
      );
    });

    it('searches across organizations', async () => {
      const list = await listAll({
        search: 'GLOBEX',
        sort: { by: 'tokens', order: 'desc' },
      });

      expect(list.total).toBe(2);
      expect(list.rows.map((user) => user.userId)).toEqual([
        fixture.users.gina.id,
        fixture.users.gina2.id,
      ]);
    });
  });
});
