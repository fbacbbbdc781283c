import { Test } from '@nestjs/testing';
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { AppSettings } from '../src/config/app-settings';
import { runMigrations } from '../src/database/migrations';
import {
  CollectionFigure,
  deleteLoadedRecords,
  measureCopy,
  measureLoadedUseCase,
  measurePlainInserts,
  measureUseCase,
  prepareCollector,
  sampleLoadedSources,
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

/** Number of records collected into the loaded table. */
const LOADED_RECORDS = 60000;

/**
 * Records per second through CollectUsageUseCase with 1, 16 and 64
 * concurrent callers, beside one plain INSERT per record (the baseline)
 * and COPY of the same records (the ceiling). With `loadedTable`, it also
 * collects with 64 callers into the benchmark's loaded table.
 */
export async function runCollectionBenchmark(
  settings: AppSettings,
  tokens: TokenSample[],
  log: (line: string) => void,
  loadedTable = false,
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
  // The service stops first, so that no fold of its own takes the copied
  // records.
  await app.close();
  log('  collection: COPY ceiling');
  figures.push(
    await measureCopy(
      client,
      collector,
      tokens,
      60000,
      'copy-',
      async (copier) => {
        await copier.query('SELECT fold_usage_pending(NULL)');
      },
    ),
  );

  const stored = await client.query(
    `SELECT count(*)::int AS n, count(DISTINCT request_id)::int AS distinct FROM usage`,
  );
  log(
    `  collection stored ${stored.rows[0].n} rows, ${stored.rows[0].distinct} distinct request ids`,
  );

  await client.end();

  if (loadedTable) {
    figures.push(await collectIntoLoadedTable(settings, tokens, log));
  }

  return figures;
}

/**
 * Collects with 64 callers into the loaded table, spread over the
 * organizations, users and models of a sample of its rows. A batch there
 * updates the rollup rows of many organizations and models, where the
 * small database has one organization and one model. The records are
 * deleted afterwards.
 */
async function collectIntoLoadedTable(
  settings: AppSettings,
  tokens: TokenSample[],
  log: (line: string) => void,
): Promise<CollectionFigure> {
  const client = new Client({ connectionString: settings.databaseUrl });
  await client.connect();
  const sources = await sampleLoadedSources(client, LOADED_RECORDS);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(settings)],
  }).compile();
  const app = await moduleRef.init();
  const prefix = `bench-loaded-${Date.now()}-`;

  try {
    log('  collection: use case with 64 callers into the loaded table');
    return await measureLoadedUseCase(
      app,
      sources,
      tokens,
      64,
      LOADED_RECORDS,
      prefix,
    );
  } finally {
    await app.close();
    log('  collection: deleting the records collected into the loaded table');
    await deleteLoadedRecords(client, sources, LOADED_RECORDS, prefix);
    await client.end();
  }
}

/** The message that starts the collection process. */
export interface CollectionChildRequest {
  settings: AppSettings;
  /** Whether the benchmark's database contains the loaded rows. */
  loadedTable: boolean;
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
  loadedTable: boolean,
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
  child.send({ settings, loadedTable });

  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code === 0 && figures !== undefined) done(figures);
      else fail(new Error(`The collection process exited with code ${code}`));
    });
  });
}
