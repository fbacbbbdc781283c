import { Test } from '@nestjs/testing';
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { AppSettings } from '../src/config/app-settings';
import { runMigrations } from '../src/database/migrations';
import {
  CollectionFigure,
  measureCopy,
  measurePlainInserts,
  measureUseCase,
  prepareCollector,
} from './collection';
import { TokenSample } from './trace-tokens';

const COLLECTION_DATABASE = 'usage_bench_collection';

/** Recreates a database of its own for the collection runs, so reruns start alike. */
async function freshCollectionDatabase(serverUrl: string): Promise<string> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(
    `DROP DATABASE IF EXISTS ${COLLECTION_DATABASE} WITH (FORCE)`,
  );
  await client.query(`CREATE DATABASE ${COLLECTION_DATABASE}`);
  await client.end();

  const url = new URL(serverUrl);
  url.pathname = `/${COLLECTION_DATABASE}`;
  await runMigrations(url.toString());

  return url.toString();
}

/**
 * Records per second through CollectUsageUseCase with 1, 16 and 64
 * concurrent callers, beside one plain INSERT per record (the baseline)
 * and COPY of the same records (the ceiling).
 */
export async function runCollectionBenchmark(
  settings: AppSettings,
  tokens: TokenSample[],
  log: (line: string) => void,
): Promise<CollectionFigure[]> {
  const url = await freshCollectionDatabase(settings.databaseUrl);
  const client = new Client({ connectionString: url });
  await client.connect();
  const collector = await prepareCollector(client);

  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ ...settings, databaseUrl: url })],
  }).compile();
  const app = await moduleRef.init();
  const figures: CollectionFigure[] = [];

  log('  collection: plain INSERT baseline');
  figures.push(
    await measurePlainInserts(client, collector, tokens, 3000, 'plain-'),
  );
  for (const [callers, records] of [
    [1, 3000],
    [16, 30000],
    [64, 60000],
  ]) {
    log(`  collection: use case with ${callers} callers`);
    figures.push(
      await measureUseCase(
        app,
        collector,
        tokens,
        callers,
        records,
        `use-case-${callers}-`,
      ),
    );
  }
  log('  collection: COPY ceiling');
  figures.push(
    await measureCopy(
      client,
      collector,
      tokens,
      60000,
      'copy-',
      async () => undefined,
    ),
  );

  const stored = await client.query(
    `SELECT count(*)::int AS n, count(DISTINCT request_id)::int AS distinct FROM usage`,
  );
  log(
    `  collection stored ${stored.rows[0].n} rows, ${stored.rows[0].distinct} distinct request ids`,
  );

  await app.close();
  await client.end();

  return figures;
}

/** A message of the collection process: a progress line, or its figures. */
export type CollectionChildMessage =
  | { kind: 'log'; line: string }
  | { kind: 'figures'; figures: CollectionFigure[] };

/**
 * Runs the collection benchmark in a process of its own, as collection
 * runs in the service's process in production. By then the benchmark's
 * process keeps the generated data set and every timing alive, and each
 * full garbage collection marks them. With 600 MiB of objects kept alive
 * in a test, the use case spent about twice the CPU per record in Node.js.
 */
export function runCollectionInChild(
  settings: AppSettings,
  log: (line: string) => void,
): Promise<CollectionFigure[]> {
  const child = fork(resolve(__dirname, 'collection-process.ts'), [], {
    execArgv: process.execArgv,
    // Structured clone keeps the Map in the settings, which JSON would lose.
    serialization: 'advanced',
  });
  let figures: CollectionFigure[] | undefined;
  child.on('message', (message: CollectionChildMessage) => {
    if (message.kind === 'log') log(message.line);
    else figures = message.figures;
  });
  child.send(settings);

  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code === 0 && figures !== undefined) done(figures);
      else fail(new Error(`The collection process exited with code ${code}`));
    });
  });
}
