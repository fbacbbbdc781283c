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

// Collection caps each token count at 100,000,000, so sums beyond what
// JSON clients read exactly take about 45 million records. Two records
// written straight to the table, as a bulk load could, reach it:
// 5000000000000001 + 5000000000000002 = 10000000000000003.
describe('usage sums above the safe integer range', () => {
  let testApp: TestApp;
  let admin: UserFixture;

  beforeAll(async () => {
    testApp = await startTestApp('usage_unsafe_sums');
    const organization = await insertOrganization(testApp.dataSource, 'Big');
    admin = await insertUser(testApp.dataSource, {
      organizationId: organization.id,
      email: 'admin@big.example',
      orgRole: 'admin',
    });
    const model = await insertModel(testApp.dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
    });
    for (const [inputTokens, createdAt] of [
      [5_000_000_000_000_001, '2026-03-01T10:00:00Z'],
      [5_000_000_000_000_002, '2026-03-02T10:00:00Z'],
    ] as const) {
      await insertUsage(testApp.dataSource, {
        organizationId: organization.id,
        userId: admin.id,
        model,
        inputTokens,
        outputTokens: 0,
        cost: null,
        createdAt,
      });
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  const bothDays = { startDate: '2026-03-01', endDate: '2026-03-02' };

  it.each(['stats', 'providers', 'providers/chart', 'models', 'users'])(
    '%s over both records gets 422',
    async (route) => {
      // One month bucket contains both records. The users listing takes no
      // granularity.
      const query =
        route === 'users' ? bothDays : { ...bothDays, granularity: 'month' };
      const response = await request(testApp.server)
        .get(`/api/usage/${route}`)
        .query(query)
        .set('Authorization', bearer(admin));

      expect(response.status).toBe(422);
      expect(response.body.message).toBe(
        'A count or sum of this query, 10000000000000003, is above ' +
          '9007199254740991, the largest integer that JSON clients read ' +
          'exactly. Choose a shorter range or a filter',
      );
    },
  );

  it('day chart has one record per bucket', async () => {
    const response = await request(testApp.server)
      .get('/api/usage/providers/chart')
      .query({ ...bothDays, granularity: 'day' })
      .set('Authorization', bearer(admin));

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      timeSeries: [
        {
          date: '2026-03-01T00:00:00+00:00',
          values: { openai: 5_000_000_000_000_001 },
        },
        {
          date: '2026-03-02T00:00:00+00:00',
          values: { openai: 5_000_000_000_000_002 },
        },
      ],
    });
  });

  it('stats over one record return its tokens', async () => {
    const response = await request(testApp.server)
      .get('/api/usage/stats')
      .query({ startDate: '2026-03-02', endDate: '2026-03-02' })
      .set('Authorization', bearer(admin));

    expect(response.status).toBe(200);
    expect(response.body.totalTokens).toBe(5_000_000_000_000_002);
    expect(response.body.totalRequests).toBe(1);
  });
});
