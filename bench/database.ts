import { resolve } from 'node:path';
import { Client } from 'pg';
import { loadAppConfig } from '../src/config/app-config';
import { AppSettings } from '../src/config/app-settings';
import { runMigrations } from '../src/database/migrations';
import { prepareRuntime, Runtime } from '../src/database/runtime-database';

/**
 * Port and cluster directory of the benchmark's own embedded server, apart
 * from the service's; BENCH_POSTGRES_PORT and BENCH_DATA_DIR override them,
 * so two benchmarks can run side by side.
 */
const BENCH_EMBEDDED_PORT = process.env.BENCH_POSTGRES_PORT ?? '54339';
const BENCH_DATA_DIR = process.env.BENCH_DATA_DIR ?? '.data/bench';

export interface BenchDatabase {
  settings: AppSettings;
  /** Cluster directory of the embedded server, or null with DATABASE_URL. */
  clusterDir: string | null;
  runtime: Runtime;
  connect(): Promise<Client>;
}

/**
 * Opens the database of the benchmark: DATABASE_URL if set (its contents are
 * replaced), else an embedded server with its cluster under `.data/bench`,
 * so the service's demo data is never touched.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const config = loadAppConfig({
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DEMO_SEED: 'false',
    DATA_DIR: process.env.DATABASE_URL ? '.data' : BENCH_DATA_DIR,
    EMBEDDED_POSTGRES_PORT: BENCH_EMBEDDED_PORT,
    JWT_SECRET:
      process.env.JWT_SECRET ?? 'benchmark-secret-that-is-at-least-32-chars',
  });
  const runtime = await prepareRuntime(config, (line) =>
    process.stderr.write(`${line}\n`),
  );
  await runMigrations(runtime.databaseUrl);

  const settings: AppSettings = {
    ...config,
    databaseUrl: runtime.databaseUrl,
    jwtSecret: runtime.jwtSecret,
  };

  return {
    settings,
    clusterDir: process.env.DATABASE_URL
      ? null
      : resolve(BENCH_DATA_DIR, 'postgres'),
    runtime,
    connect: async () => {
      const client = new Client({ connectionString: runtime.databaseUrl });
      await client.connect();
      return client;
    },
  };
}
