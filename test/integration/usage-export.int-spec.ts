import { get, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import {
  ExportedUsageRecord,
  UsageExportReader,
} from '../../src/modules/usage/application/ports/usage-export.reader';
import {
  bearer,
  insertModel,
  insertOrganization,
  insertUser,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const RECORDS = 2500;
const LARGE_RECORDS = 60000;
const STALL_TIMEOUT_MS = 1000;

describe('usage export reader', () => {
  let testApp: TestApp;
  let reader: UsageExportReader;
  let small: OrganizationFixture;
  let large: OrganizationFixture;
  let admin: UserFixture;
  let pool: Pool;
  let baseUrl: string;

  /** Inserts `count` records from 2026-01-01, two per second: record i at i / 2 seconds, rounded down. */
  async function insertRecords(
    organizationId: string,
    count: number,
  ): Promise<void> {
    const model = await insertModel(testApp.dataSource, {
      name: `model-${organizationId}`,
      provider: 'openai',
    });
    await testApp.dataSource.query(
      `INSERT INTO usage (organization_id, user_id, model_id, provider, model_name,
                          input_tokens, output_tokens, total_tokens, cost, currency,
                          request_id, created_at)
       SELECT $1, NULL, $2, 'openai', $3, i, 1, i + 1, i * 0.001, 'USD',
              'req-' || i, '2026-01-01T00:00:00Z'::timestamptz + (i / 2) * interval '1 second'
       FROM generate_series(1, $4::int) AS i`,
      [organizationId, model.id, model.name, count],
    );
  }

  async function readAll(
    records: AsyncIterable<ExportedUsageRecord>,
  ): Promise<ExportedUsageRecord[]> {
    const all: ExportedUsageRecord[] = [];
    for await (const record of records) all.push(record);

    return all;
  }

  /** Waits until every pooled connection is idle and no cursor is open. */
  async function waitForIdlePool(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ open }] = await testApp.dataSource.query<{ open: string }[]>(
        `SELECT count(*) AS open FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND state <> 'idle'`,
      );
      if (open === '0' && pool.idleCount === pool.totalCount) return;
      if (Date.now() > deadline) {
        throw new Error(
          `Pool not idle: ${open} busy sessions, ${pool.idleCount} of ${pool.totalCount} clients idle`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function requestExport(path: string): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      get(
        `${baseUrl}${path}`,
        { headers: { Authorization: bearer(admin) } },
        resolve,
      ).on('error', reject);
    });
  }

  beforeAll(async () => {
    testApp = await startTestApp('usage_export_reader', {
      EXPORT_STALL_TIMEOUT_MS: String(STALL_TIMEOUT_MS),
    });
    reader = testApp.app.get(UsageExportReader);
    pool = (testApp.dataSource.driver as PostgresDriver).master as Pool;
    small = await insertOrganization(testApp.dataSource, 'Small');
    large = await insertOrganization(testApp.dataSource, 'Large');
    admin = await insertUser(testApp.dataSource, {
      organizationId: large.id,
      email: 'admin@large.test',
      orgRole: 'admin',
    });
    await insertRecords(small.id, RECORDS);
    await insertRecords(large.id, LARGE_RECORDS);
    await new Promise<void>((resolve) =>
      testApp.server.listen(0, '127.0.0.1', resolve),
    );
    const { port } = testApp.server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api`;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('reads every record in order', async () => {
    const records = await readAll(
      reader.read({
        scope: { kind: 'organization', organizationId: small.id },
        range: null,
        filters: {},
      }),
    );

    expect(records).toHaveLength(RECORDS);
    expect(records[0]).toMatchObject({
      requestId: 'req-1',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      inputTokens: 1,
      outputTokens: 1,
      totalTokens: 2,
      cost: '0.001',
      userId: null,
      userEmail: null,
    });
    expect(records[RECORDS - 1]).toMatchObject({
      requestId: `req-${RECORDS}`,
      createdAt: new Date('2026-01-01T00:20:50Z'),
      cost: '2.5',
    });
    for (let index = 1; index < records.length; index += 1) {
      const previous = records[index - 1];
      const current = records[index];
      const inOrder =
        previous.createdAt < current.createdAt ||
        (previous.createdAt.getTime() === current.createdAt.getTime() &&
          previous.id < current.id);
      expect(inOrder).toBe(true);
    }
    await waitForIdlePool();
  });

  it('applies the range', async () => {
    const records = await readAll(
      reader.read({
        scope: { kind: 'organization', organizationId: small.id },
        range: {
          start: new Date('2026-01-01T00:00:01Z'),
          end: new Date('2026-01-01T00:00:02Z'),
        },
        filters: {},
      }),
    );

    expect(records.map((record) => record.requestId).sort()).toEqual([
      'req-2',
      'req-3',
    ]);
  });

  it('releases the connection when stopped early', async () => {
    const requestIds: string[] = [];
    for await (const record of reader.read({
      scope: { kind: 'organization', organizationId: small.id },
      range: null,
      filters: {},
    })) {
      requestIds.push(record.requestId);
      if (requestIds.length === 5) break;
    }

    // Records 1 to 5 are the first three seconds; ties follow the random ids.
    expect([...requestIds].sort()).toEqual([
      'req-1',
      'req-2',
      'req-3',
      'req-4',
      'req-5',
    ]);
    await waitForIdlePool();
  });

  it('releases the connection when the client disconnects', async () => {
    const response = await requestExport('/usage/export');
    await new Promise<void>((resolve) =>
      response.once('data', () => resolve()),
    );
    response.destroy();

    expect(response.statusCode).toBe(200);
    await waitForIdlePool();
  });

  it('releases the connection when the client stops reading', async () => {
    // 60,000 NDJSON lines are about 21 MB, more than the socket buffers of
    // both ends hold, so the server's writes stop until the client reads.
    const response = await requestExport('/usage/export?format=ndjson');
    await new Promise<void>((resolve) =>
      response.once('data', () => resolve()),
    );
    response.pause();
    const closed = new Promise<boolean>((resolve) => {
      response.on('error', () => undefined);
      response.on('close', () => resolve(response.complete));
    });

    expect(response.statusCode).toBe(200);
    await waitForIdlePool(STALL_TIMEOUT_MS + 5000);
    response.resume();
    expect(await closed).toBe(false);
  });

  it('cuts the response when the database fails mid-stream', async () => {
    const response = await requestExport('/usage/export?format=ndjson');
    await new Promise<void>((resolve) =>
      response.once('data', () => resolve()),
    );
    response.pause();
    await testApp.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND query LIKE '%LEFT JOIN users us%'`,
    );
    const complete = await new Promise<boolean>((resolve) => {
      response.on('error', () => undefined);
      response.on('close', () => resolve(response.complete));
      response.resume();
    });

    expect(response.statusCode).toBe(200);
    expect(complete).toBe(false);
    await waitForIdlePool();
  });
});
