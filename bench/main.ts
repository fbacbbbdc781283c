// The benchmark: `npm run bench -- [--rows N] [--out FILE] [--growth]`.
// Loads seeded usage, then measures collection throughput and the latency
// of every dashboard route beside the same result computed from raw rows.
// `--skip-query-timings` keeps the load and the HTTP section but skips the
// in-process query timings, which take minutes.
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { AppModule } from '../src/app.module';
import { AppSettings } from '../src/config/app-settings';
import { TokenService } from '../src/modules/iam/application/ports/token-service';
import { UsageRepository } from '../src/modules/usage/application/ports/usage.repository';
import { UserUsageRepository } from '../src/modules/usage/application/ports/user-usage.repository';
import { RawPostgresUsageRepository } from '../src/modules/usage/infrastructure/raw-postgres-usage.repository';
import { RawPostgresUserUsageRepository } from '../src/modules/usage/infrastructure/raw-postgres-user-usage.repository';
import { locateTraceFile } from '../test/support/trace-file';
import { runCollectionInChild } from './collection-run';
import { openBenchDatabase } from './database';
import { buildDataset, ensureDataset } from './dataset-loader';
import { dashboardCalls, DASHBOARD_ROUTES } from './dashboard-calls';
import { loadRoute } from './http-load';
import {
  measureLatency,
  rawCallsAfter,
  RssSampler,
  SERVICE_CALLS,
} from './latency';
import { startServiceProcess } from './service-process';
import { postmasterPid, startCpuReading } from './process-cpu';
import { BenchReport, printReport, QueryFigure } from './report';
import { buildScenarios, lastDays } from './scenarios';
import { readTraceTokens } from './trace-tokens';

type HttpFigure = BenchReport['http'][number];

/** Seconds of load per HTTP route before the measured five. */
const HTTP_WARMUP_SECONDS = 10;

/**
 * The routes loaded over HTTP: the dashboards, with the median organization's
 * 90-day query, and the current user, which runs no SQL because the guard's
 * user lookup is cached, so its row is the cost of HTTP, routing and
 * authentication alone.
 */
const HTTP_ROUTES = [
  ...DASHBOARD_ROUTES.map((route) => ({
    label: route,
    path: `/api/usage/${route}`,
    dashboard: true,
  })),
  { label: 'auth/me (no SQL)', path: '/api/auth/me', dashboard: false },
];

const log = (line: string) => process.stderr.write(`${line}\n`);

function parseRows(text: string): number {
  const rows = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(rows) || rows < 10_000) {
    throw new Error(
      `--rows must be a whole number of at least 10000, got "${text}"`,
    );
  }

  return rows;
}

/** Builds the service's module graph in this process, for in-process timings. */
function startService(settings: AppSettings): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(settings), {
    logger: false,
  });
}

/** Builds the same use cases bound to the raw-table repositories, for the ratio. */
async function startRawContext(
  settings: AppSettings,
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(settings)],
  })
    .overrideProvider(UsageRepository)
    .useClass(RawPostgresUsageRepository)
    .overrideProvider(UserUsageRepository)
    .useClass(RawPostgresUserUsageRepository)
    .compile();

  return moduleRef.init();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      out: { type: 'string' },
      growth: { type: 'boolean', default: false },
      'skip-collection': { type: 'boolean', default: false },
      'skip-http': { type: 'boolean', default: false },
      'skip-queries': { type: 'boolean', default: false },
      'skip-query-timings': { type: 'boolean', default: false },
    },
  });
  const rows = parseRows(values.rows as string);
  const memory = new RssSampler();
  const startedAt = new Date();

  const database = await openBenchDatabase();
  const client = await database.connect();
  const tokens = readTraceTokens(locateTraceFile());
  const dataset = buildDataset(startedAt);
  const probeScope = {
    kind: 'organization',
    organizationId: dataset.probe.id,
  } as const;
  const probeParameters = { ...lastDays(dataset.end, 90), timezone: 'UTC' };

  const isolation: { tableRows: number; route: string; p95: number }[] = [];
  const measureProbe = async (
    tableRows: number,
    app: INestApplicationContext,
  ) => {
    const call = dashboardCalls(app);
    for (const route of DASHBOARD_ROUTES) {
      const figure = await measureLatency(
        () => call(route, probeScope, probeParameters),
        SERVICE_CALLS,
      );
      isolation.push({ tableRows, route, p95: figure.p95 });
    }
  };

  let loadSeconds = 0;
  const queries: QueryFigure[] = [];
  const http: HttpFigure[] = [];
  let servicePeakRssMiB: number | null = null;
  if (!values['skip-queries']) {
    if (values.growth && rows > 1_000_000) {
      loadSeconds += await ensureDataset(
        client,
        dataset,
        tokens,
        1_000_000,
        log,
      );
      const small = await startService(database.settings);
      await measureProbe(1_000_000, small);
      await small.close();
    }
    loadSeconds += await ensureDataset(client, dataset, tokens, rows, log);

    const service = await startService(database.settings);
    const raw = await startRawContext(database.settings);
    const call = dashboardCalls(service);
    const rawCall = dashboardCalls(raw);

    const ranked = [...dataset.organizations].sort(
      (a, b) => b.weight - a.weight,
    );
    const organizations = {
      largest: ranked[0].id,
      median: ranked[ranked.length / 2].id,
      small: ranked[Math.floor(ranked.length * 0.9)].id,
    };

    const scenarios = values['skip-query-timings']
      ? []
      : buildScenarios(dataset.end, organizations);
    for (const scenario of scenarios) {
      for (const route of DASHBOARD_ROUTES) {
        log(`  ${route}: ${scenario.label}`);
        const work = () => call(route, scenario.scope, scenario.parameters);
        const rawWork = () =>
          rawCall(route, scenario.scope, scenario.parameters);
        const answer = await work();
        const checkStarted = performance.now();
        const same = isDeepStrictEqual(answer, await rawWork());
        const checkMs = performance.now() - checkStarted;
        const serviceFigure = await measureLatency(work, SERVICE_CALLS);
        const rawFigure = await measureLatency(rawWork, rawCallsAfter(checkMs));
        queries.push({
          scenario: scenario.label,
          target: scenario.target,
          route,
          same,
          service: serviceFigure,
          raw: rawFigure,
        });
      }
    }
    if (!values['skip-query-timings']) await measureProbe(rows, service);

    if (!values['skip-http']) {
      const serviceProcess = await startServiceProcess(database.settings);
      const admin = dataset.organizations.find(
        (o) => o.id === organizations.median,
      )!;
      const token = service
        .get(TokenService)
        .issue({ userId: admin.userIds[0], organizationId: admin.id });
      const query = new URLSearchParams({
        ...lastDays(dataset.end, 90),
        timezone: 'UTC',
      }).toString();
      const clusterPid =
        database.clusterDir === null
          ? null
          : postmasterPid(database.clusterDir);
      for (const route of HTTP_ROUTES) {
        log(`  HTTP ${route.label}`);
        const url = `${serviceProcess.baseUrl}${route.path}${route.dashboard ? `?${query}` : ''}`;
        // Discarded seconds first, as the in-process timings have warm-up
        // calls: they fill the pool and let V8 optimize the route's code.
        // Measured right after a single second, the stats route served
        // about a quarter fewer requests than in the windows that followed.
        await loadRoute(url, token.accessToken, {
          connections: 10,
          seconds: HTTP_WARMUP_SECONDS,
        });
        const cpu = startCpuReading(serviceProcess.pid, clusterPid);
        const figure = await loadRoute(url, token.accessToken, {
          connections: 10,
          seconds: 5,
        });
        http.push({
          route: route.label,
          figure,
          cpu: cpu.perRequest(figure.requests),
        });
      }
      servicePeakRssMiB = serviceProcess.peakRssMiB();
      await serviceProcess.stop();
    }

    await raw.close();
    await service.close();
  }

  const collection = values['skip-collection']
    ? []
    : await runCollectionInChild(
        database.settings,
        log,
        !values['skip-queries'],
      );

  const report = {
    command: `npm run bench -- --rows ${rows}${values.growth ? ' --growth' : ''}`,
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    rows,
    loadSeconds,
    benchProcessMaxRssMiB: Math.round(memory.stop() / 2 ** 20),
    servicePeakRssMiB,
    collection,
    queries,
    isolation,
    http,
  };
  printReport(report);
  if (values.out !== undefined)
    writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);

  await client.end();
  await database.runtime.stop();
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
