import request from 'supertest';
import { bearer } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  insertUsageDashboardFixture,
  UsageDashboardFixture,
} from '../support/usage-dashboard-fixture';

const DATE_HINT =
  'must be an ISO 8601 date such as 2026-03-01 or a date-time such as 2026-03-01T10:00:00.123+01:00, with at most 3 fraction digits and an offset of Z or ±HH:MM';
const ZONE_HINT =
  'must be an IANA time zone name in Area/Location form, such as Europe/Berlin or Asia/Kolkata, or UTC';

describe('usage dashboard query parameters', () => {
  let testApp: TestApp;
  let fixture: UsageDashboardFixture;

  beforeAll(async () => {
    testApp = await startTestApp('usage_parameters');
    fixture = await insertUsageDashboardFixture(testApp.dataSource);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function get(path: string, query: string) {
    return request(testApp.server)
      .get(`/api${path}?${query}`)
      .set('Authorization', bearer(fixture.users.alice));
  }

  async function problemsOf(path: string, query: string) {
    const response = await get(path, query);
    expect(response.status).toBe(400);

    return response.body.details;
  }

  it.each([
    ['startDate=2026-03-01', 'endDate', 'is required when startDate is given'],
    ['endDate=2026-03-01', 'startDate', 'is required when endDate is given'],
    ['startDate=2026-03-01&endDate=03/31/2026', 'endDate', DATE_HINT],
    ['startDate=2026-03-01T10&endDate=2026-03-02', 'startDate', DATE_HINT],
    [
      'startDate=2026-03-02&endDate=2026-03-01',
      'endDate',
      'must not be before startDate',
    ],
    [
      'startDate=2026-01-01&endDate=2028-01-02',
      'endDate',
      'must be at most 730 days after startDate',
    ],
    ['timezone=EST', 'timezone', ZONE_HINT],
    ['timezone=UTC%2B5', 'timezone', ZONE_HINT],
    ['timezone=Europe%2FAtlantis', 'timezone', ZONE_HINT],
    [
      'granularity=year',
      'granularity',
      'must be one of hour, day, week, month, auto',
    ],
    [
      'modelId=42',
      'modelId',
      'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
    ],
    ['limit=5', 'limit', 'property limit should not exist'],
  ])('rejects %s', async (query, field, message) => {
    await expect(problemsOf('/usage/stats', query)).resolves.toEqual([
      { field, message },
    ]);
  });

  describe('a granularity of too many buckets', () => {
    const query = 'startDate=2026-01-01&endDate=2026-03-01&granularity=hour';

    it.each(['/usage/providers/chart', '/usage/providers'])(
      'is rejected by %s',
      async (path) => {
        await expect(problemsOf(path, query)).resolves.toEqual([
          {
            field: 'granularity',
            message:
              'hour gives 1440 buckets for this range, more than the maximum of 1000; choose a coarser granularity or a shorter range',
          },
        ]);
      },
    );

    it.each([
      '/usage/stats',
      '/usage/models',
      '/usage/providers?includeTimeSeries=false',
    ])('is accepted by %s, which has no series', async (path) => {
      const [route, extra] = path.split('?');
      const response = await get(route, extra ? `${query}&${extra}` : query);

      expect(response.status).toBe(200);
    });
  });

  it('names an impossible date', async () => {
    const details = await problemsOf(
      '/usage/stats',
      'startDate=2026-02-30&endDate=2026-03-01',
    );

    expect(details).toEqual([
      {
        field: 'startDate',
        message: `2026-02-30 is not a real date or time; ${DATE_HINT}`,
      },
    ]);
  });

  it('rejects a malformed provider', async () => {
    const details = await problemsOf('/usage/stats', 'provider=Open%20AI');

    expect(details.map((detail: { field: string }) => detail.field)).toEqual([
      'provider',
    ]);
  });

  it('rejects a repeated parameter', async () => {
    const details = await problemsOf(
      '/usage/stats',
      'timezone=UTC&timezone=UTC',
    );

    expect(details).toEqual([
      {
        field: 'timezone',
        message: 'must be a single value, not a list or a repeated parameter',
      },
    ]);
  });

  it('names a parameter with an empty key', async () => {
    const details = await problemsOf('/usage/stats', '=x');

    expect(details).toEqual([
      { field: '(empty name)', message: 'should not exist' },
    ]);
  });

  it.each(['yes', '1', 'TRUE', ''])(
    'rejects includeTimeSeries=%j',
    async (value) => {
      const details = await problemsOf(
        '/usage/providers',
        `includeTimeSeries=${value}`,
      );

      expect(details).toEqual([
        { field: 'includeTimeSeries', message: 'must be true or false' },
      ]);
    },
  );

  it('accepts includeTimeSeries only on providers', async () => {
    const details = await problemsOf('/usage/stats', 'includeTimeSeries=true');

    expect(details).toEqual([
      {
        field: 'includeTimeSeries',
        message: 'property includeTimeSeries should not exist',
      },
    ]);
  });

  it.each(['0', '101', '1.5', 'ten', '-1'])(
    'rejects maxModels=%s',
    async (value) => {
      const details = await problemsOf('/usage/models', `maxModels=${value}`);

      expect(details).toEqual([
        { field: 'maxModels', message: 'must be an integer from 1 to 100' },
      ]);
    },
  );

  it('accepts maxModels from 1 to 100', async () => {
    const one = await get('/usage/models', 'maxModels=1');
    const hundred = await get('/usage/models', 'maxModels=100');

    expect(one.status).toBe(200);
    expect(one.body.models).toHaveLength(1);
    expect(hundred.status).toBe(200);
    expect(hundred.body.models).toHaveLength(5);
  });

  it('accepts date-time forms', async () => {
    const forms = [
      'startDate=2026-03-01T10:00&endDate=2026-03-01T10:01',
      'startDate=2026-03-01T10:00:00&endDate=2026-03-01T10:00:01Z',
      'startDate=2026-03-01T10:00:00.000Z&endDate=2026-03-01T15:30:00.001%2B05:30',
      'startDate=2026-03-01T11:00%2B01:00&endDate=2026-03-01T06:30-04:00',
    ];
    for (const query of forms) {
      const response = await get('/usage/stats', query);

      expect([query, response.status, response.body.totalTokens]).toEqual([
        query,
        200,
        150,
      ]);
    }
  });

  it('excludes a date-time end', async () => {
    const response = await get(
      '/usage/stats',
      'startDate=2026-03-01T09:00Z&endDate=2026-03-01T10:00Z',
    );

    expect(response.body.totalTokens).toBe(0);
  });

  it('reads a zone name in any case', async () => {
    const query = 'startDate=2026-03-01&endDate=2026-03-02&granularity=day';
    const lowerCase = await get(
      '/usage/providers/chart',
      `${query}&timezone=asia%2FKOLKATA`,
    );
    const canonical = await get(
      '/usage/providers/chart',
      `${query}&timezone=Asia%2FKolkata`,
    );
    const utc = await get('/usage/stats', 'timezone=utc');

    expect(lowerCase.status).toBe(200);
    expect(lowerCase.body).toEqual(canonical.body);
    expect(
      lowerCase.body.timeSeries.map((point: { date: string }) => point.date),
    ).toEqual(['2026-03-01T00:00:00+05:30', '2026-03-02T00:00:00+05:30']);
    expect(utc.status).toBe(200);
  });

  it('picks day for a month', async () => {
    const response = await get(
      '/usage/providers/chart',
      'startDate=2026-03-01&endDate=2026-03-31',
    );

    expect(response.status).toBe(200);
    expect(response.body.timeSeries).toHaveLength(31);
    expect(response.body.timeSeries[30].date).toBe('2026-03-31T00:00:00+00:00');
  });

  it('accepts 1000 buckets', async () => {
    // 2026-03-01 to 2026-04-11 16:00 is 41 days and 16 hours.
    const response = await get(
      '/usage/providers/chart',
      'startDate=2026-03-01&endDate=2026-04-11T16:00&granularity=hour',
    );

    expect(response.status).toBe(200);
    expect(response.body.timeSeries).toHaveLength(1000);
  });
});
