import request from 'supertest';
import { CollectUsageUseCase } from '../../src/modules/usage/application/collect-usage.use-case';
import { PendingUsageFolder } from '../../src/modules/usage/application/ports/pending-usage.folder';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUser,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const METRICS_TOKEN = 'scrape-token-0123456789';

/** Returns the sample lines of a metric, comments left out. */
function samplesOf(text: string, metric: string): string[] {
  return text
    .split('\n')
    .filter(
      (line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `),
    );
}

/** Returns the value of one sample, or 0 when the series does not exist yet. */
function countOf(text: string, series: string): number {
  const line = text
    .split('\n')
    .find((sample) => sample.startsWith(`${series} `));

  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let testApp: TestApp;
  let acme: OrganizationFixture;
  let root: UserFixture;

  beforeAll(async () => {
    testApp = await startTestApp('metrics');
    acme = await insertOrganization(testApp.dataSource, 'Acme');
    root = await insertUser(testApp.dataSource, {
      organizationId: acme.id,
      email: 'root@acme.test',
      systemRole: 'super_admin',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function scrape(): Promise<string> {
    const response = await request(testApp.server).get('/metrics');

    expect(response.status).toBe(200);

    return response.text;
  }

  it('serves the Prometheus text format', async () => {
    const response = await request(testApp.server).get('/metrics');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(
      'text/plain; charset=utf-8; version=0.0.4',
    );
    expect(response.text).toContain(
      '# TYPE http_request_duration_seconds histogram',
    );
  });

  it('is not served under /api', async () => {
    const response = await request(testApp.server).get('/api/metrics');

    expect(response.status).toBe(404);
  });

  it('counts requests by route and status', async () => {
    for (let index = 0; index < 3; index += 1) {
      await request(testApp.server).get('/api/health').expect(200);
    }
    await request(testApp.server).get('/api/usage/stats').expect(401);

    const text = await scrape();

    expect(samplesOf(text, 'http_request_duration_seconds_count')).toEqual(
      expect.arrayContaining([
        'http_request_duration_seconds_count{method="GET",route="/api/health",status_code="200"} 3',
        'http_request_duration_seconds_count{method="GET",route="/api/usage/stats",status_code="401"} 1',
      ]),
    );
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/health",status_code="200"} 3',
    );
  });

  it('labels routes by pattern, not by URL', async () => {
    const unmatched =
      'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}';
    const before = countOf(await scrape(), unmatched);
    await request(testApp.server)
      .get(`/api/super-admin/usage/${acme.id}/stats`)
      .set('Authorization', bearer(root))
      .expect(200);
    await request(testApp.server).get('/api/no-such-route').expect(404);

    const text = await scrape();

    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/super-admin/usage/:orgId/stats",status_code="200"} 1',
    );
    expect(countOf(text, unmatched)).toBe(before + 1);
    expect(text).not.toContain(acme.id);
    expect(text).not.toContain('no-such-route');
  });

  it('counts collected and duplicate records', async () => {
    const model = await insertModel(testApp.dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
    });
    const collect = testApp.app.get(CollectUsageUseCase);
    const command = {
      organizationId: acme.id,
      userId: root.id,
      modelId: model.id,
      inputTokens: 10,
      outputTokens: 5,
      requestId: 'metrics-1',
    };
    await collect.execute(command);
    await collect.execute(command);
    await collect.executeBatch([
      { ...command, requestId: 'metrics-2' },
      { ...command, requestId: 'metrics-3' },
    ]);
    await expect(
      collect.execute({ ...command, requestId: 'metrics-4', inputTokens: -1 }),
    ).rejects.toThrow();

    const text = await scrape();

    expect(samplesOf(text, 'usage_records_collected_total')).toEqual([
      'usage_records_collected_total{result="created"} 3',
      'usage_records_collected_total{result="duplicate"} 1',
    ]);
    expect(samplesOf(text, 'usage_collection_duration_seconds_count')).toEqual([
      'usage_collection_duration_seconds_count{operation="single",result="stored"} 2',
      'usage_collection_duration_seconds_count{operation="batch",result="stored"} 1',
      'usage_collection_duration_seconds_count{operation="single",result="rejected"} 1',
    ]);
  });

  it('counts and times folds', async () => {
    const model = await insertModel(testApp.dataSource, {
      name: 'gpt-4o-mini',
      provider: 'openai',
    });
    const folder = testApp.app.get(PendingUsageFolder);
    // Folds what earlier tests collected, so that two records are pending below.
    await folder.fold(50_000);
    const before = await scrape();
    const series = {
      folded: 'usage_fold_duration_seconds_count{result="folded"}',
      empty: 'usage_fold_duration_seconds_count{result="empty"}',
      records: 'usage_records_folded_total',
    };
    await testApp.app.get(CollectUsageUseCase).executeBatch(
      ['fold-1', 'fold-2'].map((requestId) => ({
        organizationId: acme.id,
        userId: root.id,
        modelId: model.id,
        inputTokens: 10,
        outputTokens: 5,
        requestId,
      })),
    );

    await expect(folder.fold(1)).resolves.toBe(1);
    await expect(folder.fold(10)).resolves.toBe(1);
    await expect(folder.fold(10)).resolves.toBe(0);
    const after = await scrape();

    expect(countOf(after, series.folded)).toBe(
      countOf(before, series.folded) + 2,
    );
    expect(countOf(after, series.empty)).toBe(
      countOf(before, series.empty) + 1,
    );
    expect(countOf(after, series.records)).toBe(
      countOf(before, series.records) + 2,
    );
  });

  it('reports the database pool', async () => {
    const text = await scrape();
    const [connections] = samplesOf(text, 'db_pool_connections');
    const [idle] = samplesOf(text, 'db_pool_idle_connections');

    expect(connections).toMatch(/^db_pool_connections [1-9]\d*$/);
    expect(idle).toMatch(/^db_pool_idle_connections \d+$/);
    expect(samplesOf(text, 'db_pool_waiting_requests')).toEqual([
      'db_pool_waiting_requests 0',
    ]);
  });

  it('reports process metrics', async () => {
    const text = await scrape();

    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE process_resident_memory_bytes gauge');
    expect(text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp('metrics_token', { METRICS_TOKEN });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('rejects a missing token', async () => {
    const response = await request(testApp.server).get('/metrics');

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(response.body.message).toBe(
      'Missing or invalid metrics token; send "Authorization: Bearer <METRICS_TOKEN>"',
    );
  });

  it('rejects a wrong token', async () => {
    const response = await request(testApp.server)
      .get('/metrics')
      .set('Authorization', 'Bearer scrape-token-0123456780');

    expect(response.status).toBe(401);
  });

  it('serves the metrics with the token', async () => {
    const response = await request(testApp.server)
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`);

    expect(response.status).toBe(200);
    expect(response.text).toContain(
      '# TYPE http_request_duration_seconds histogram',
    );
  });
});
