import fc from 'fast-check';
import request from 'supertest';
import { formatAmount, Money } from '../../src/common/domain/money';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUsage,
  insertUser,
  ModelFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { listApplicationRoutes } from './support/application-routes';

interface UsageRow {
  userIndex: number;
  modelIndex: number;
  day: number;
  inputTokens: number;
  outputTokens: number;
  /** Hundredths of a currency unit; ignored for the unpriced model. */
  costCents: number;
}

interface OrganizationPlan {
  userCount: number;
  rows: UsageRow[];
}

interface StoredRow extends UsageRow {
  model: ModelFixture;
  userId: string;
  cost: string | null;
}

interface Tenant {
  organizationId: string;
  admin: UserFixture;
  userIds: string[];
  rows: StoredRow[];
}

interface DashboardQuery {
  route: string;
  startDay: number;
  dayCount: number;
  providerIndex: number | null;
  modelIndex: number | null;
}

const DAYS = 10;
const dayText = (day: number) => `2026-03-${String(day + 1).padStart(2, '0')}`;
const centsText = (cents: number) =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const rowArbitrary = (userCount: number) =>
  fc.record({
    userIndex: fc.nat({ max: userCount - 1 }),
    modelIndex: fc.nat({ max: 3 }),
    day: fc.nat({ max: DAYS - 1 }),
    inputTokens: fc.nat({ max: 1000000 }),
    outputTokens: fc.nat({ max: 1000000 }),
    costCents: fc.nat({ max: 100000 }),
  });

const organizationArbitrary: fc.Arbitrary<OrganizationPlan> = fc
  .integer({ min: 1, max: 3 })
  .chain((userCount) =>
    fc.record({
      userCount: fc.constant(userCount),
      rows: fc.array(rowArbitrary(userCount), { maxLength: 12 }),
    }),
  );

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Sums of one organization's own rows, keyed as the responses key them. */
function expectedTotals(rows: StoredRow[]) {
  const tokensBy = (key: (row: StoredRow) => string) => {
    const totals = new Map<string, number>();
    for (const row of rows) {
      const name = key(row);
      totals.set(
        name,
        (totals.get(name) ?? 0) + row.inputTokens + row.outputTokens,
      );
    }

    return Object.fromEntries([...totals].sort());
  };
  const costs = new Map<string, Money>();
  for (const row of rows) {
    if (row.cost === null) continue;
    const current = costs.get(row.model.currency) ?? new Money(0);
    costs.set(row.model.currency, current.plus(row.cost));
  }

  return {
    inputTokens: sum(rows.map((row) => row.inputTokens)),
    outputTokens: sum(rows.map((row) => row.outputTokens)),
    requests: rows.length,
    unpriced: rows.filter((row) => row.cost === null).length,
    costs: [...costs]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, amount]) => ({
        currency,
        amount: formatAmount(amount),
      })),
    byProvider: tokensBy((row) => row.model.provider),
    byModel: tokensBy((row) => row.model.id),
    byUser: tokensBy((row) => row.userId),
  };
}

const nonZero = (totals: Record<string, number>) =>
  Object.fromEntries(Object.entries(totals).filter(([, value]) => value > 0));

describe('tenant isolation', () => {
  let testApp: TestApp;
  let models: ModelFixture[];
  let usageRoutes: string[];
  let organizationCount = 0;

  beforeAll(async () => {
    testApp = await startTestApp('tenant_isolation');
    const { dataSource } = testApp;
    models = [
      await insertModel(dataSource, {
        name: 'gpt-4o',
        provider: 'openai',
        inputPricePerMillion: '2.5',
        outputPricePerMillion: '10',
      }),
      await insertModel(dataSource, {
        name: 'claude-3-haiku',
        provider: 'anthropic',
        inputPricePerMillion: '0.25',
        outputPricePerMillion: '1.25',
      }),
      await insertModel(dataSource, {
        name: 'mistral-large',
        provider: 'mistral',
        inputPricePerMillion: '2',
        outputPricePerMillion: '6',
        currency: 'EUR',
      }),
      await insertModel(dataSource, {
        name: 'llama-3-local',
        provider: 'meta',
        currency: 'EUR',
      }),
    ];
    usageRoutes = listApplicationRoutes(testApp.app)
      .filter(
        (route) =>
          route.method === 'GET' && route.path.startsWith('/api/usage/'),
      )
      .map((route) => route.path);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function storeTenant(plan: OrganizationPlan): Promise<Tenant> {
    const { dataSource } = testApp;
    const number = ++organizationCount;
    const organization = await insertOrganization(dataSource, `Org ${number}`);
    const admin = await insertUser(dataSource, {
      organizationId: organization.id,
      email: `admin@org${number}.example`,
      orgRole: 'admin',
    });
    const userIds = [admin.id];
    for (let index = 1; index < plan.userCount; index += 1) {
      const user = await insertUser(dataSource, {
        organizationId: organization.id,
        email: `user${index}@org${number}.example`,
      });
      userIds.push(user.id);
    }

    const rows: StoredRow[] = [];
    for (const row of plan.rows) {
      const model = models[row.modelIndex];
      const stored: StoredRow = {
        ...row,
        model,
        userId: userIds[row.userIndex],
        cost: row.modelIndex === 3 ? null : centsText(row.costCents),
      };
      await insertUsage(dataSource, {
        organizationId: organization.id,
        userId: stored.userId,
        model,
        inputTokens: row.inputTokens,
        outputTokens: row.outputTokens,
        cost: stored.cost,
        createdAt: `${dayText(row.day)}T12:00:00Z`,
      });
      rows.push(stored);
    }

    return { organizationId: organization.id, admin, userIds, rows };
  }

  const checks: Record<
    string,
    (
      body: unknown,
      text: string,
      expected: ReturnType<typeof expectedTotals>,
      tenant: Tenant,
    ) => void
  > = {
    '/api/usage/stats': (body, _text, expected) => {
      const stats = body as {
        inputTokens: number;
        outputTokens: number;
        totalTokens: number;
        totalRequests: number;
        unpricedRequests: number;
        costs: { currency: string; amount: string }[];
      };
      expect(stats.inputTokens).toBe(expected.inputTokens);
      expect(stats.outputTokens).toBe(expected.outputTokens);
      expect(stats.totalTokens).toBe(
        expected.inputTokens + expected.outputTokens,
      );
      expect(stats.totalRequests).toBe(expected.requests);
      expect(stats.unpricedRequests).toBe(expected.unpriced);
      expect(stats.costs).toEqual(expected.costs);
    },
    '/api/usage/providers': (body, _text, expected) => {
      const { providers } = body as {
        providers: { provider: string; tokens: number; requests: number }[];
      };
      const byProvider = Object.fromEntries(
        providers
          .filter((entry) => entry.requests > 0)
          .map((entry) => [entry.provider, entry.tokens])
          .sort(),
      );
      expect(nonZero(byProvider)).toEqual(nonZero(expected.byProvider));
      expect(sum(providers.map((entry) => entry.requests))).toBe(
        expected.requests,
      );
    },
    '/api/usage/providers/chart': (body, _text, expected) => {
      const { timeSeries } = body as {
        timeSeries: { values: Record<string, number> }[];
      };
      const byProvider: Record<string, number> = {};
      for (const point of timeSeries) {
        for (const [provider, tokens] of Object.entries(point.values)) {
          byProvider[provider] = (byProvider[provider] ?? 0) + tokens;
        }
      }
      expect(nonZero(byProvider)).toEqual(nonZero(expected.byProvider));
    },
    '/api/usage/models': (body, _text, expected) => {
      const { models: listed, others } = body as {
        models: { modelId: string; tokens: number; requests: number }[];
        others: { tokens: number; requests: number } | null;
      };
      for (const model of listed) {
        expect(model.tokens).toBe(expected.byModel[model.modelId] ?? 0);
      }
      expect(
        sum(listed.map((model) => model.tokens)) + (others?.tokens ?? 0),
      ).toBe(expected.inputTokens + expected.outputTokens);
      expect(
        sum(listed.map((model) => model.requests)) + (others?.requests ?? 0),
      ).toBe(expected.requests);
    },
    '/api/usage/users': (body, _text, expected, tenant) => {
      const { data, pagination } = body as {
        data: { userId: string; tokens: number }[];
        pagination: { total: number };
      };
      for (const user of data) {
        expect(tenant.userIds).toContain(user.userId);
      }
      const byUser = Object.fromEntries(
        data.map((user) => [user.userId, user.tokens]).sort(),
      );
      expect(nonZero(byUser)).toEqual(nonZero(expected.byUser));
      expect(pagination.total).toBeLessThanOrEqual(tenant.userIds.length);
    },
    '/api/usage/export': (_body, text, expected, tenant) => {
      const records = text
        .split('\n')
        .filter((line) => line !== '')
        .map(
          (line) =>
            JSON.parse(line) as {
              organizationId: string;
              totalTokens: number | string;
            },
        );
      for (const record of records) {
        expect(record.organizationId).toBe(tenant.organizationId);
      }
      expect(records).toHaveLength(expected.requests);
      expect(sum(records.map((record) => Number(record.totalTokens)))).toBe(
        expected.inputTokens + expected.outputTokens,
      );
    },
  };

  it('checks every usage route', () => {
    expect(usageRoutes.length).toBeGreaterThanOrEqual(5);
    expect(usageRoutes.filter((route) => checks[route] === undefined)).toEqual(
      [],
    );
  });

  it('returns only own usage', async () => {
    const queryArbitrary = fc.record<DashboardQuery>({
      route: fc.constantFrom(...usageRoutes),
      startDay: fc.nat({ max: DAYS - 1 }),
      dayCount: fc.integer({ min: 1, max: DAYS }),
      providerIndex: fc.option(fc.nat({ max: 3 })),
      modelIndex: fc.option(fc.nat({ max: 3 })),
    });

    await fc.assert(
      fc.asyncProperty(
        fc.array(organizationArbitrary, { minLength: 2, maxLength: 3 }),
        fc.array(queryArbitrary, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        async (plans, queries, tenantSeed) => {
          const tenants: Tenant[] = [];
          for (const plan of plans) tenants.push(await storeTenant(plan));
          const tenant = tenants[tenantSeed % tenants.length];

          for (const query of queries) {
            const endDay = Math.min(
              DAYS - 1,
              query.startDay + query.dayCount - 1,
            );
            const provider =
              query.providerIndex === null
                ? undefined
                : models[query.providerIndex].provider;
            const modelId =
              query.modelIndex === null
                ? undefined
                : models[query.modelIndex].id;
            const parameters: Record<string, string> = {
              startDate: dayText(query.startDay),
              endDate: dayText(endDay),
              ...(provider === undefined ? {} : { provider }),
              ...(modelId === undefined ? {} : { modelId }),
              ...(query.route === '/api/usage/users' ? { limit: '100' } : {}),
              ...(query.route === '/api/usage/export'
                ? { format: 'ndjson' }
                : {}),
            };
            const ownRows = tenant.rows.filter(
              (row) =>
                row.day >= query.startDay &&
                row.day <= endDay &&
                (provider === undefined || row.model.provider === provider) &&
                (modelId === undefined || row.model.id === modelId),
            );

            const response = await request(testApp.server)
              .get(query.route)
              .query(parameters)
              .set('Authorization', bearer(tenant.admin))
              .buffer(true)
              .parse((res, done) => {
                let text = '';
                res.on('data', (chunk: Buffer) => (text += chunk.toString()));
                res.on('end', () => done(null, text));
              });
            const text = response.body as string;

            expect(response.status).toBe(200);
            const body: unknown = query.route.endsWith('/export')
              ? undefined
              : JSON.parse(text);
            checks[query.route](body, text, expectedTotals(ownRows), tenant);
          }
        },
      ),
      { numRuns: 15, seed: 20261204 },
    );
  });
});
