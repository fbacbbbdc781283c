// Soak test: mixed dashboard reads and concurrent runs against the service
// started from source, for --minutes minutes (default 10). Reports requests,
// errors, latency, the service's RSS over time, and whether the usage stored
// equals the usage of the runs acknowledged with 201. Runs whose response
// the load did not read are sent again with their Idempotency-Key first.
//
//   npm run soak -- [--minutes 10] [--read-rate 100] [--write-rate 50]
//
// Each run creates a database soak_<random> and drops it at the end, on the
// server of DATABASE_URL (which needs CREATEDB) or, unset, on an embedded
// server with its cluster under .data/soak.
import autocannon from 'autocannon';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadAppConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrations';
import { prepareRuntime } from '../src/database/runtime-database';
import { TEST_JWT_SECRET } from '../test/support/test-app';
import { startServiceProcess } from '../test/reliability/support/service-process';
import {
  createSoakDatabase,
  createSoakFixture,
  SoakFixture,
} from './soak-fixture';
import { sampleRss, summarizeRss } from './soak-memory';
import { retryUnacknowledged, RunLedger, runRequests } from './soak-runs';

const SOAK_EMBEDDED_PORT = '54349';
const RSS_INTERVAL_MS = 5000;

function readOptions() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      'read-rate': { type: 'string', default: '100' },
      'write-rate': { type: 'string', default: '50' },
      connections: { type: 'string', default: '10' },
    },
  });
  const positive = (name: keyof typeof values) => {
    const value = Number(values[name]);
    if (!(value > 0)) {
      throw new Error(
        `--${name} must be a positive number, got ${values[name]}`,
      );
    }
    return value;
  };

  return {
    minutes: positive('minutes'),
    readRate: positive('read-rate'),
    writeRate: positive('write-rate'),
    connections: positive('connections'),
  };
}

function dashboardRequests(fixture: SoakFixture): autocannon.Request[] {
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  const ranges = [
    `startDate=${day(-7)}&endDate=${day(0)}`,
    `startDate=${day(-89)}&endDate=${day(0)}`,
  ];
  const paths = [
    'stats',
    'providers?includeTimeSeries=true&',
    'providers/chart',
    'models',
    'users?limit=20&',
  ];
  const headers = { authorization: `Bearer ${fixture.adminToken}` };

  return ranges.flatMap((range) =>
    paths.map((path) => ({
      method: 'GET' as const,
      path: `/api/usage/${path.includes('?') ? path : `${path}?`}${range}`,
      headers,
    })),
  );
}

async function main(): Promise<void> {
  const options = readOptions();
  const config = loadAppConfig({
    ...process.env,
    NODE_ENV: 'production',
    DEMO_SEED: 'false',
    DATA_DIR: process.env.DATABASE_URL ? '.data' : '.data/soak',
    EMBEDDED_POSTGRES_PORT: SOAK_EMBEDDED_PORT,
    JWT_SECRET: process.env.JWT_SECRET ?? TEST_JWT_SECRET,
  });
  const runtime = await prepareRuntime(config, (line) =>
    process.stderr.write(`${line}\n`),
  );
  const database = await createSoakDatabase(runtime.databaseUrl);
  await runMigrations(database.url);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const fixture = await createSoakFixture(client, runtime.jwtSecret);
  const server = (
    await client.query<{ server_version: string }>('SHOW server_version')
  ).rows[0];

  const service = await startServiceProcess(database.url, {
    JWT_SECRET: runtime.jwtSecret,
    LOG_LEVEL: 'warn',
  });
  const pid = service.child.pid as number;
  const rss = sampleRss(pid, RSS_INTERVAL_MS);
  const ledger: RunLedger = { sent: 0, tokens: new Map() };
  const common = {
    url: service.baseUrl,
    connections: options.connections,
    duration: Math.round(options.minutes * 60),
  };
  process.stderr.write(
    `Soaking ${service.baseUrl} for ${options.minutes} min\n`,
  );

  const [reads, writes] = await Promise.all([
    autocannon({
      ...common,
      overallRate: options.readRate,
      requests: dashboardRequests(fixture),
    }),
    autocannon({
      ...common,
      overallRate: options.writeRate,
      requests: runRequests(fixture, ledger),
    }),
  ]);
  const retried = await retryUnacknowledged(service.baseUrl, fixture, ledger);
  rss.stop();
  service.child.kill('SIGTERM');
  const exitCode = await service.exited;

  const stored = (
    await client.query<{ runs: number; tokens: string | null }>(
      `SELECT count(*)::int AS runs, sum(total_tokens)::text AS tokens
         FROM usage WHERE organization_id = $1 AND request_id NOT LIKE 'seed-%'`,
      [fixture.organizationId],
    )
  ).rows[0];
  await client.end();
  await database.drop();
  await runtime.stop();

  const memory = summarizeRss(rss.samples);
  const acknowledged = {
    runs: ledger.tokens.size,
    tokens: [...ledger.tokens.values()].reduce((a, b) => a + b, 0),
  };
  const totalsMatch =
    stored.runs === acknowledged.runs &&
    Number(stored.tokens ?? 0) === acknowledged.tokens;
  const summarize = (result: autocannon.Result) => ({
    requests: result.requests.total,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [
        code,
        stats.count ?? 0,
      ]),
    ),
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  });
  const report = {
    durationSeconds: common.duration,
    machine: {
      cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: server.server_version,
    },
    reads: summarize(reads),
    writes: summarize(writes),
    memory: {
      ...memory,
      samples: rss.samples.length,
      intervalSeconds: RSS_INTERVAL_MS / 1000,
    },
    usage: {
      seededRows: fixture.seededRows,
      runsSent: ledger.sent,
      retriedAfterLoad: retried,
      acknowledged,
      stored,
      totalsMatch,
    },
    serviceExitCode: exitCode,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!totalsMatch || memory.grows || exitCode !== 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Soak failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
