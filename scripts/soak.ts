// Soak test: mixed dashboard reads and concurrent runs against the service
// started from source, for --minutes minutes (default 10). Reports requests,
// errors, latency, the service's RSS over time, and whether the usage stored
// equals the usage of the runs acknowledged with 201.
//
//   npm run soak -- [--minutes 10] [--read-rate 100] [--write-rate 50]
//
// DATABASE_URL selects the server (the soak adds an organization of its own
// there); unset, an embedded server keeps its cluster under .data/soak.
import autocannon from 'autocannon';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadAppConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrations';
import { prepareRuntime } from '../src/database/runtime-database';
import { TEST_JWT_SECRET } from '../test/support/test-app';
import { startServiceProcess } from '../test/reliability/support/service-process';
import { createSoakFixture, SoakFixture } from './soak-fixture';
import { sampleRss, summarizeRss } from './soak-memory';

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

function runRequests(
  fixture: SoakFixture,
  acknowledged: { runs: number; tokens: number },
) {
  let sequence = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/api/runs',
    setupRequest: (raw) => {
      const index = sequence++;
      return {
        ...raw,
        headers: {
          authorization: `Bearer ${fixture.memberToken}`,
          'content-type': 'application/json',
          'idempotency-key': `soak-${index}`,
        },
        body: JSON.stringify({
          modelId: fixture.modelIds[index % fixture.modelIds.length],
          input: `soak request ${index}`,
        }),
      };
    },
    onResponse: (status, body) => {
      if (status !== 201) return;
      const run = JSON.parse(body) as { usage: { totalTokens: number } };
      acknowledged.runs += 1;
      acknowledged.tokens += run.usage.totalTokens;
    },
  };

  return [request];
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
  await runMigrations(runtime.databaseUrl);
  const client = new Client({ connectionString: runtime.databaseUrl });
  await client.connect();
  const fixture = await createSoakFixture(client, runtime.jwtSecret);
  const server = (
    await client.query<{ server_version: string }>('SHOW server_version')
  ).rows[0];

  const service = await startServiceProcess(runtime.databaseUrl, {
    JWT_SECRET: runtime.jwtSecret,
    LOG_LEVEL: 'warn',
  });
  const pid = service.child.pid as number;
  const rss = sampleRss(pid, RSS_INTERVAL_MS);
  const acknowledged = { runs: 0, tokens: 0 };
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
      requests: runRequests(fixture, acknowledged),
    }),
  ]);
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
  await runtime.stop();

  const memory = summarizeRss(rss.samples);
  const totalsMatch =
    stored.runs === acknowledged.runs &&
    Number(stored.tokens ?? 0) === acknowledged.tokens;
  const summarize = (result: autocannon.Result) => ({
    requests: result.requests.total,
    non2xx: result.non2xx,
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
