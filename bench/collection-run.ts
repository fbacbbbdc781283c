import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { runMigrations } from '../src/database/migrations';
import {
  CollectionFigure,
  measureCopy,
  measurePlainInserts,
  measureUseCase,
  prepareCollector,
} from './collection';
import { BenchDatabase } from './database';
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
  database: BenchDatabase,
  tokens: TokenSample[],
  log: (line: string) => void,
): Promise<CollectionFigure[]> {
  const url = await freshCollectionDatabase(database.settings.databaseUrl);
  const client = new Client({ connectionString: url });
  await client.connect();
  const collector = await prepareCollector(client);

  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ ...database.settings, databaseUrl: url })],
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
