import request from 'supertest';
import { CollectUsageUseCase } from '../../src/modules/usage/application/collect-usage.use-case';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUser,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

// Collection accepts up to Number.MAX_SAFE_INTEGER (9007199254740991)
// tokens per record, so two records can sum to more than JSON clients
// read exactly: 5000000000000001 + 5000000000000002 = 10000000000000003.
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
    const collect = testApp.app.get(CollectUsageUseCase);
    await collect.executeBatch([
      {
        organizationId: organization.id,
        userId: admin.id,
        modelId: model.id,
        inputTokens: 5_000_000_000_000_001,
        outputTokens: 0,
        requestId: 'big-1',
        occurredAt: new Date('2026-03-01T10:00:00Z'),
      },
      {
        organizationId: organization.id,
        userId: admin.id,
        modelId: model.id,
        inputTokens: 5_000_000_000_000_002,
        outputTokens: 0,
        requestId: 'big-2',
        occurredAt: new Date('2026-03-02T10:00:00Z'),
      },
    ]);
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
