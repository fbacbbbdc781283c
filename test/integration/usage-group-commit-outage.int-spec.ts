import {
  AddressInfo,
  createConnection,
  createServer,
  Server,
  Socket,
} from 'node:net';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { CollectUsageUseCase } from '../../src/modules/usage/application/collect-usage.use-case';
import { UsageGroupCommit } from '../../src/modules/usage/application/usage-group-commit';
import { PostgresUsageRecordRepository } from '../../src/modules/usage/infrastructure/postgres-usage-record.repository';
import { insertModel, insertOrganization } from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * A TCP proxy on 127.0.0.1 in front of the test server. Stopping it
 * closes every connection and refuses new ones, as a database that went
 * down would.
 */
class OutageProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) =>
      server.listen(this.port, '127.0.0.1', resolve),
    );
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => server?.close(resolve));
  }
}

describe('UsageGroupCommit during an outage', () => {
  let database: TestDatabase;
  let direct: DataSource;
  let proxied: DataSource;
  let proxy: OutageProxy;
  let collect: CollectUsageUseCase;
  let organizationId: string;
  let modelId: string;

  const call = (requestId: string) =>
    collect.execute({
      organizationId,
      userId: null,
      modelId,
      inputTokens: 1,
      outputTokens: 2,
      requestId,
    });

  beforeAll(async () => {
    database = await createTestDatabase('usage_group_commit_outage');
    direct = await new DataSource(
      buildDataSourceOptions(database.url),
    ).initialize();
    organizationId = (await insertOrganization(direct, 'Acme')).id;
    modelId = (
      await insertModel(direct, { name: 'gpt-4o', provider: 'openai' })
    ).id;

    const target = new URL(database.url);
    proxy = new OutageProxy(target.hostname, Number(target.port));
    await proxy.start();
    const proxiedUrl = new URL(database.url);
    proxiedUrl.port = String(proxy.port);
    proxied = await new DataSource(
      buildDataSourceOptions(proxiedUrl.toString()),
    ).initialize();
    const records = new PostgresUsageRecordRepository(proxied);
    collect = new CollectUsageUseCase(records, new UsageGroupCommit(records));
  });

  afterAll(async () => {
    await proxy.stop();
    await proxied.destroy();
    await direct.destroy();
    await database.drop();
  });

  it('rejects while down and recovers', async () => {
    expect((await call('before')).created).toBe(true);

    await proxy.stop();
    const results = await Promise.all(
      ['down-1', 'down-2', 'down-3'].map((id) =>
        call(id).then(
          () => 'stored',
          (error: { code?: string }) => error.code,
        ),
      ),
    );
    await proxy.start();
    const after = await call('after');

    expect(results).toEqual([
      'usage.storage_unavailable',
      'usage.storage_unavailable',
      'usage.storage_unavailable',
    ]);
    expect(after.created).toBe(true);
    const rows: { request_id: string }[] = await direct.query(
      `SELECT request_id FROM usage ORDER BY request_id COLLATE "C"`,
    );
    expect(rows.map((row) => row.request_id)).toEqual(['after', 'before']);
  });
});
