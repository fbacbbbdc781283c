import request from 'supertest';
import { bearer } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import {
  insertUsageDashboardFixture,
  UsageDashboardFixture,
} from '../support/usage-dashboard-fixture';

// The numbers below are computed by hand from the rows listed in
// test/support/usage-dashboard-fixture.ts.
describe('usage dashboards', () => {
  let testApp: TestApp;
  let fixture: UsageDashboardFixture;

  beforeAll(async () => {
    testApp = await startTestApp('usage_dashboards');
    fixture = await insertUsageDashboardFixture(testApp.dataSource);
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function getAs(
    user: { id: string; organizationId: string },
    path: string,
    query: Record<string, string> = {},
  ) {
    const response = await request(testApp.server)
      .get(`/api${path}`)
      .query(query)
      .set('Authorization', bearer(user));
    expect(response.status).toBe(200);

    return response.body;
  }

  const march1to3 = { startDate: '2026-03-01', endDate: '2026-03-03' };
  // Three days are 72 hours, so auto would pick hour.
  const march1to3Days = { ...march1to3, granularity: 'day' };
  const utcDays = [
    '2026-03-01T00:00:00+00:00',
    '2026-03-02T00:00:00+00:00',
    '2026-03-03T00:00:00+00:00',
  ];

  function series(points: [number, number][], dates = utcDays) {
    return points.map(([tokens, requests], index) => ({
      date: dates[index],
      tokens,
      requests,
    }));
  }

  describe('org admin', () => {
    it('returns the stats', async () => {
      const body = await getAs(fixture.users.alice, '/usage/stats', march1to3);

      expect(body).toEqual({
        totalTokens: 750,
        inputTokens: 480,
        outputTokens: 270,
        totalRequests: 5,
        activeUsers: 3,
        totalUsers: 3,
        topModels: [
          'Claude Sonnet',
          'GPT-4o (2024)',
          'Llama',
          'Mistral Small',
          'GPT Mini',
        ],
        costs: [
          { currency: 'EUR', amount: '0.0045' },
          { currency: 'USD', amount: '0.00185' },
        ],
        unpricedRequests: 1,
      });
    });

    it('filters the stats by provider', async () => {
      const body = await getAs(fixture.users.alice, '/usage/stats', {
        ...march1to3,
        provider: 'openai',
      });

      expect(body).toEqual({
        totalTokens: 200,
        inputTokens: 130,
        outputTokens: 70,
        totalRequests: 2,
        activeUsers: 1,
        totalUsers: 3,
        topModels: ['GPT-4o (2024)', 'GPT Mini'],
        costs: [{ currency: 'USD', amount: '0.0016' }],
        unpricedRequests: 0,
      });
    });

    it('filters the stats by model', async () => {
      const body = await getAs(fixture.users.alice, '/usage/stats', {
        ...march1to3,
        modelId: fixture.models.mistral.id,
      });

      expect(body.totalTokens).toBe(100);
      expect(body.topModels).toEqual(['Mistral Small']);
      expect(body.costs).toEqual([]);
      expect(body.unpricedRequests).toBe(1);
    });

    it('returns the providers with series', async () => {
      const body = await getAs(
        fixture.users.alice,
        '/usage/providers',
        march1to3Days,
      );

      expect(body).toEqual({
        providers: [
          {
            provider: 'anthropic',
            tokens: 300,
            requests: 1,
            percentage: 40,
            costs: [{ currency: 'EUR', amount: '0.0045' }],
            timeSeries: series([
              [300, 1],
              [0, 0],
              [0, 0],
            ]),
          },
          {
            provider: 'openai',
            tokens: 200,
            requests: 2,
            percentage: 26.67,
            costs: [{ currency: 'USD', amount: '0.0016' }],
            timeSeries: series([
              [150, 1],
              [50, 1],
              [0, 0],
            ]),
          },
          {
            provider: 'meta',
            tokens: 150,
            requests: 1,
            percentage: 20,
            costs: [{ currency: 'USD', amount: '0.00025' }],
            timeSeries: series([
              [0, 0],
              [0, 0],
              [150, 1],
            ]),
          },
          {
            provider: 'mistral',
            tokens: 100,
            requests: 1,
            percentage: 13.33,
            costs: [],
            timeSeries: series([
              [0, 0],
              [100, 1],
              [0, 0],
            ]),
          },
        ],
      });
    });

    it('omits series on request', async () => {
      const body = await getAs(fixture.users.alice, '/usage/providers', {
        ...march1to3,
        includeTimeSeries: 'false',
      });

      expect(body.providers.map(Object.keys)).toEqual([
        ['provider', 'tokens', 'requests', 'percentage', 'costs'],
        ['provider', 'tokens', 'requests', 'percentage', 'costs'],
        ['provider', 'tokens', 'requests', 'percentage', 'costs'],
        ['provider', 'tokens', 'requests', 'percentage', 'costs'],
      ]);
    });

    it('returns the provider chart', async () => {
      const body = await getAs(
        fixture.users.alice,
        '/usage/providers/chart',
        march1to3Days,
      );

      expect(body).toEqual({
        timeSeries: [
          {
            date: '2026-03-01T00:00:00+00:00',
            values: { anthropic: 300, meta: 0, mistral: 0, openai: 150 },
          },
          {
            date: '2026-03-02T00:00:00+00:00',
            values: { anthropic: 0, meta: 0, mistral: 100, openai: 50 },
          },
          {
            date: '2026-03-03T00:00:00+00:00',
            values: { anthropic: 0, meta: 150, mistral: 0, openai: 0 },
          },
        ],
      });
    });

    it('buckets the chart in Kolkata', async () => {
      const body = await getAs(fixture.users.alice, '/usage/providers/chart', {
        ...march1to3Days,
        timezone: 'Asia/Kolkata',
      });

      expect(body).toEqual({
        timeSeries: [
          {
            date: '2026-03-01T00:00:00+05:30',
            values: { anthropic: 0, meta: 0, mistral: 0, openai: 150 },
          },
          {
            date: '2026-03-02T00:00:00+05:30',
            values: { anthropic: 300, meta: 0, mistral: 100, openai: 50 },
          },
          {
            date: '2026-03-03T00:00:00+05:30',
            values: { anthropic: 0, meta: 150, mistral: 0, openai: 0 },
          },
        ],
      });
    });

    it('labels partial weeks by Monday', async () => {
      const body = await getAs(fixture.users.alice, '/usage/providers/chart', {
        ...march1to3,
        granularity: 'week',
        provider: 'openai',
      });

      expect(body).toEqual({
        timeSeries: [
          { date: '2026-02-23T00:00:00+00:00', values: { openai: 150 } },
          { date: '2026-03-02T00:00:00+00:00', values: { openai: 50 } },
        ],
      });
    });

    it('returns the models', async () => {
      const body = await getAs(fixture.users.alice, '/usage/models', march1to3);
      const { gpt4o, claude, mistral, gptMini, llama } = fixture.models;

      expect(body).toEqual({
        models: [
          {
            modelId: claude.id,
            modelName: 'claude-sonnet',
            displayName: 'Claude Sonnet',
            provider: 'anthropic',
            tokens: 300,
            requests: 1,
            percentage: 40,
            costs: [{ currency: 'EUR', amount: '0.0045' }],
          },
          {
            modelId: gpt4o.id,
            modelName: 'gpt-4o-2024',
            displayName: 'GPT-4o (2024)',
            provider: 'openai',
            tokens: 150,
            requests: 1,
            percentage: 20,
            costs: [{ currency: 'USD', amount: '0.0015' }],
          },
          {
            modelId: llama.id,
            modelName: 'llama-3',
            displayName: 'Llama',
            provider: 'meta',
            tokens: 150,
            requests: 1,
            percentage: 20,
            costs: [{ currency: 'USD', amount: '0.00025' }],
          },
          {
            modelId: mistral.id,
            modelName: 'mistral-small',
            displayName: 'Mistral Small',
            provider: 'mistral',
            tokens: 100,
            requests: 1,
            percentage: 13.33,
            costs: [],
          },
          {
            modelId: gptMini.id,
            modelName: 'gpt-mini',
            displayName: 'GPT Mini',
            provider: 'openai',
            tokens: 50,
            requests: 1,
            percentage: 6.67,
            costs: [{ currency: 'USD', amount: '0.0001' }],
          },
        ],
        others: null,
      });
    });

    it('sums the rest as others', async () => {
      const body = await getAs(fixture.users.alice, '/usage/models', {
        ...march1to3,
        maxModels: '2',
      });

      expect(
        body.models.map(
          (model: { displayName: string; percentage: number }) => [
            model.displayName,
            model.percentage,
          ],
        ),
      ).toEqual([
        ['Claude Sonnet', 40],
        ['GPT-4o (2024)', 20],
      ]);
      expect(body.others).toEqual({
        modelCount: 3,
        tokens: 300,
        requests: 3,
        percentage: 40,
      });
    });

    it('covers all time without dates', async () => {
      const chart = await getAs(fixture.users.alice, '/usage/providers/chart');
      const stats = await getAs(fixture.users.alice, '/usage/stats');

      // 10:00 on March 1 to 08:00 on March 3: 47 hours, so auto picks hour.
      expect(chart.timeSeries).toHaveLength(47);
      expect(chart.timeSeries[0]).toEqual({
        date: '2026-03-01T10:00:00+00:00',
        values: { anthropic: 0, meta: 0, mistral: 0, openai: 150 },
      });
      expect(chart.timeSeries[46]).toEqual({
        date: '2026-03-03T08:00:00+00:00',
        values: { anthropic: 0, meta: 150, mistral: 0, openai: 0 },
      });
      expect(stats.totalTokens).toBe(750);
      expect(stats.totalRequests).toBe(5);
    });
  });

  describe('Europe/Berlin DST days', () => {
    function hourLabels(day: string, hours: [number, string][]): string[] {
      return hours.map(
        ([hour, offset]) =>
          `${day}T${String(hour).padStart(2, '0')}:00:00${offset}`,
      );
    }

    it('gives the spring day 23 hours', async () => {
      const body = await getAs(fixture.users.hans, '/usage/providers/chart', {
        startDate: '2026-03-29',
        endDate: '2026-03-29',
        timezone: 'Europe/Berlin',
        granularity: 'hour',
      });
      const hours: [number, string][] = [
        [0, '+01:00'],
        [1, '+01:00'],
      ];
      for (let hour = 3; hour <= 23; hour += 1) hours.push([hour, '+02:00']);
      const tokens: Record<string, number> = {
        '2026-03-29T01:00:00+01:00': 10,
        '2026-03-29T03:00:00+02:00': 20,
        '2026-03-29T23:00:00+02:00': 30,
      };

      expect(body.timeSeries).toEqual(
        hourLabels('2026-03-29', hours).map((date) => ({
          date,
          values: { openai: tokens[date] ?? 0 },
        })),
      );
    });

    it('gives the autumn day 25 hours', async () => {
      const body = await getAs(fixture.users.hans, '/usage/providers/chart', {
        startDate: '2026-10-25',
        endDate: '2026-10-25',
        timezone: 'Europe/Berlin',
        granularity: 'hour',
      });
      const hours: [number, string][] = [
        [0, '+02:00'],
        [1, '+02:00'],
        [2, '+02:00'],
        [2, '+01:00'],
      ];
      for (let hour = 3; hour <= 23; hour += 1) hours.push([hour, '+01:00']);
      const tokens: Record<string, number> = {
        '2026-10-25T02:00:00+02:00': 1,
        '2026-10-25T02:00:00+01:00': 2,
        '2026-10-25T23:00:00+01:00': 3,
      };

      expect(body.timeSeries).toEqual(
        hourLabels('2026-10-25', hours).map((date) => ({
          date,
          values: { openai: tokens[date] ?? 0 },
        })),
      );
    });

    it('counts DST days as whole days', async () => {
      const body = await getAs(fixture.users.hans, '/usage/providers', {
        startDate: '2026-03-28',
        endDate: '2026-03-30',
        timezone: 'Europe/Berlin',
        granularity: 'day',
      });

      expect(body.providers).toEqual([
        {
          provider: 'openai',
          tokens: 100,
          requests: 4,
          percentage: 100,
          costs: [{ currency: 'USD', amount: '0' }],
          timeSeries: series(
            [
              [0, 0],
              [60, 3],
              [40, 1],
            ],
            [
              '2026-03-28T00:00:00+01:00',
              '2026-03-29T00:00:00+01:00',
              '2026-03-30T00:00:00+02:00',
            ],
          ),
        },
      ]);
    });
  });

  describe('empty results', () => {
    it('returns zeros without usage', async () => {
      const { root } = fixture.users;

      await expect(getAs(root, '/usage/stats')).resolves.toEqual({
        totalTokens: 0,
        inputTokens: 0,
        outputTokens: 0,
        totalRequests: 0,
        activeUsers: 0,
        totalUsers: 1,
        topModels: [],
        costs: [],
        unpricedRequests: 0,
      });
      await expect(getAs(root, '/usage/providers')).resolves.toEqual({
        providers: [],
      });
      await expect(getAs(root, '/usage/providers/chart')).resolves.toEqual({
        timeSeries: [],
      });
      await expect(getAs(root, '/usage/models')).resolves.toEqual({
        models: [],
        others: null,
      });
    });

    it('keeps the buckets of a given range', async () => {
      const body = await getAs(fixture.users.root, '/usage/providers/chart', {
        startDate: '2026-03-01',
        endDate: '2026-03-02',
        granularity: 'day',
      });

      expect(body).toEqual({
        timeSeries: [
          { date: '2026-03-01T00:00:00+00:00', values: {} },
          { date: '2026-03-02T00:00:00+00:00', values: {} },
        ],
      });
    });

    it('returns nothing for an unknown provider', async () => {
      const { alice } = fixture.users;
      const query = { ...march1to3Days, provider: 'nope' };

      const stats = await getAs(alice, '/usage/stats', query);
      const chart = await getAs(alice, '/usage/providers/chart', query);
      const models = await getAs(alice, '/usage/models', query);

      expect(stats.totalTokens).toBe(0);
      expect(stats.topModels).toEqual([]);
      expect(chart.timeSeries).toEqual([
        { date: '2026-03-01T00:00:00+00:00', values: {} },
        { date: '2026-03-02T00:00:00+00:00', values: {} },
        { date: '2026-03-03T00:00:00+00:00', values: {} },
      ]);
      expect(models).toEqual({ models: [], others: null });
    });

    it('returns nothing for an unknown model', async () => {
      const body = await getAs(fixture.users.alice, '/usage/providers', {
        modelId: '00000000-0000-4000-8000-000000000000',
      });

      expect(body).toEqual({ providers: [] });
    });
  });

  describe('super admin, one organization', () => {
    it('returns the stats of Globex', async () => {
      const path = `/super-admin/usage/${fixture.globex.id}/stats`;

      await expect(getAs(fixture.users.root, path)).resolves.toEqual({
        totalTokens: 1700,
        inputTokens: 1100,
        outputTokens: 600,
        totalRequests: 2,
        activeUsers: 2,
        totalUsers: 2,
        topModels: ['GPT-4o (2024)', 'Claude Sonnet'],
        costs: [
          { currency: 'EUR', amount: '0.003' },
          { currency: 'USD', amount: '0.015' },
        ],
        unpricedRequests: 0,
      });
    });

    it('returns the providers of Globex', async () => {
      const path = `/super-admin/usage/${fixture.globex.id}/providers`;
      const body = await getAs(fixture.users.root, path, {
        startDate: '2026-03-01',
        endDate: '2026-03-05',
        granularity: 'day',
      });
      const days = [1, 2, 3, 4, 5].map(
        (day) => `2026-03-0${day}T00:00:00+00:00`,
      );

      expect(body).toEqual({
        providers: [
          {
            provider: 'openai',
            tokens: 1500,
            requests: 1,
            percentage: 88.24,
            costs: [{ currency: 'USD', amount: '0.015' }],
            timeSeries: series(
              [
                [0, 0],
                [1500, 1],
                [0, 0],
                [0, 0],
                [0, 0],
              ],
              days,
            ),
          },
          {
            provider: 'anthropic',
            tokens: 200,
            requests: 1,
            percentage: 11.76,
            costs: [{ currency: 'EUR', amount: '0.003' }],
            timeSeries: series(
              [
                [0, 0],
                [0, 0],
                [0, 0],
                [0, 0],
                [200, 1],
              ],
              days,
            ),
          },
        ],
      });
    });

    it('returns the chart of Globex', async () => {
      const path = `/super-admin/usage/${fixture.globex.id}/providers/chart`;
      const body = await getAs(fixture.users.root, path, {
        startDate: '2026-03-01',
        endDate: '2026-03-31',
        granularity: 'month',
      });

      expect(body).toEqual({
        timeSeries: [
          {
            date: '2026-03-01T00:00:00+00:00',
            values: { anthropic: 200, openai: 1500 },
          },
        ],
      });
    });

    it('returns the models of Globex', async () => {
      const path = `/super-admin/usage/${fixture.globex.id}/models`;
      const body = await getAs(fixture.users.root, path, { maxModels: '1' });

      expect(body).toEqual({
        models: [
          {
            modelId: fixture.models.gpt4o.id,
            modelName: 'gpt-4o-2024',
            displayName: 'GPT-4o (2024)',
            provider: 'openai',
            tokens: 1500,
            requests: 1,
            percentage: 88.24,
            costs: [{ currency: 'USD', amount: '0.015' }],
          },
        ],
        others: { modelCount: 1, tokens: 200, requests: 1, percentage: 11.76 },
      });
    });
  });

  describe('super admin, all organizations', () => {
    it('returns the global stats', async () => {
      const body = await getAs(
        fixture.users.root,
        '/super-admin/global-usage/stats',
      );

      expect(body).toEqual({
        totalTokens: 2556,
        inputTokens: 1686,
        outputTokens: 870,
        totalRequests: 14,
        activeUsers: 6,
        totalUsers: 7,
        topModels: [
          'GPT-4o (2024)',
          'Claude Sonnet',
          'GPT Mini',
          'Llama',
          'Mistral Small',
        ],
        costs: [
          { currency: 'EUR', amount: '0.0075' },
          { currency: 'USD', amount: '0.01685' },
        ],
        unpricedRequests: 1,
      });
    });

    it('returns the global providers', async () => {
      const body = await getAs(
        fixture.users.root,
        '/super-admin/global-usage/providers',
        { includeTimeSeries: 'false' },
      );

      expect(body).toEqual({
        providers: [
          {
            provider: 'openai',
            tokens: 1806,
            requests: 10,
            percentage: 70.66,
            costs: [{ currency: 'USD', amount: '0.0166' }],
          },
          {
            provider: 'anthropic',
            tokens: 500,
            requests: 2,
            percentage: 19.56,
            costs: [{ currency: 'EUR', amount: '0.0075' }],
          },
          {
            provider: 'meta',
            tokens: 150,
            requests: 1,
            percentage: 5.87,
            costs: [{ currency: 'USD', amount: '0.00025' }],
          },
          {
            provider: 'mistral',
            tokens: 100,
            requests: 1,
            percentage: 3.91,
            costs: [],
          },
        ],
      });
    });

    it('spans all time in days', async () => {
      const body = await getAs(
        fixture.users.root,
        '/super-admin/global-usage/providers/chart',
      );

      // March 1 to October 25: 239 days, too many hours for auto.
      expect(body.timeSeries).toHaveLength(239);
      expect(body.timeSeries[0]).toEqual({
        date: '2026-03-01T00:00:00+00:00',
        values: { anthropic: 300, meta: 0, mistral: 0, openai: 150 },
      });
      expect(body.timeSeries[238]).toEqual({
        date: '2026-10-25T00:00:00+00:00',
        values: { anthropic: 0, meta: 0, mistral: 0, openai: 6 },
      });
    });

    it('returns the global models', async () => {
      const body = await getAs(
        fixture.users.root,
        '/super-admin/global-usage/models',
        { maxModels: '3' },
      );

      expect(
        body.models.map(
          (model: {
            displayName: string;
            tokens: number;
            requests: number;
            percentage: number;
          }) => [
            model.displayName,
            model.tokens,
            model.requests,
            model.percentage,
          ],
        ),
      ).toEqual([
        ['GPT-4o (2024)', 1650, 2, 64.56],
        ['Claude Sonnet', 500, 2, 19.56],
        ['GPT Mini', 156, 8, 6.1],
      ]);
      expect(body.others).toEqual({
        modelCount: 2,
        tokens: 250,
        requests: 2,
        percentage: 9.78,
      });
    });
  });
});
