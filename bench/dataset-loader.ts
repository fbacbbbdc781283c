import { Client } from 'pg';
import { ScryptPasswordHasher } from '../src/modules/iam/infrastructure/scrypt-password-hasher';
import {
  BenchModel,
  BenchOrganization,
  buildModels,
  buildOrganizations,
  DAYS,
  uuidFrom,
} from './dataset';
import { copyUsage, loadReferenceData } from './load';
import { seededRandom } from './random';
import { TokenSample } from './trace-tokens';

/** Records of the isolation probe: fixed whatever the size of the table. */
export const PROBE_RECORDS = 5000;
const DATASET_SEED = 20261204;
const PROBE_SEED = 977;

export interface BenchDataset {
  models: BenchModel[];
  organizations: BenchOrganization[];
  probe: BenchOrganization;
  end: Date;
}

/** Builds the same catalog and organizations on every run, ending today at 00:00 UTC. */
export function buildDataset(now: Date): BenchDataset {
  const random = seededRandom(DATASET_SEED);
  const models = buildModels(random);
  const organizations = buildOrganizations(random);
  const probe: BenchOrganization = {
    id: uuidFrom(random),
    name: 'Bench isolation probe',
    weight: 1,
    userIds: Array.from({ length: 40 }, () => uuidFrom(random)),
  };
  const end = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
  );

  return { models, organizations, probe, end };
}

// The row layout of generateUsage. A load made with another layout is
// reloaded instead of reused.
const GENERATOR = 'time-ordered';

async function storedRows(client: Client, end: Date): Promise<number | null> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS bench_dataset (rows bigint NOT NULL, end_date date NOT NULL)`,
  );
  await client.query(
    `ALTER TABLE bench_dataset ADD COLUMN IF NOT EXISTS generator text`,
  );
  const result = await client.query(
    `SELECT rows::text FROM bench_dataset WHERE end_date = $1::date AND generator = $2`,
    [end.toISOString().slice(0, 10), GENERATOR],
  );

  return result.rows.length === 0 ? null : Number(result.rows[0].rows);
}

/**
 * Runs a bulk load of `usage` in one transaction, without the rollup
 * triggers and the indexes. The indexes are then built by sorting instead
 * of row by row, and the rollups are rebuilt from the raw rows. A failure
 * rolls all of it back.
 */
async function bulkLoading(
  client: Client,
  log: (line: string) => void,
  load: () => Promise<void>,
): Promise<void> {
  const { rows: constraints } = await client.query<{
    name: string;
    definition: string;
  }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE conrelid = 'usage'::regclass AND contype IN ('p', 'u')`,
  );
  const { rows: indexes } = await client.query<{
    name: string;
    definition: string;
  }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = 'usage'
       AND indexname NOT IN (
         SELECT conname FROM pg_constraint WHERE conrelid = 'usage'::regclass)`,
  );

  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL maintenance_work_mem = '1GB'`);
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await client.query('ALTER TABLE usage DISABLE TRIGGER USER');
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
    for (const constraint of constraints) {
      await client.query(
        `ALTER TABLE usage DROP CONSTRAINT ${constraint.name}`,
      );
    }

    await load();

    log('Building the usage indexes');
    for (const constraint of constraints) {
      await client.query(
        `ALTER TABLE usage ADD CONSTRAINT ${constraint.name} ${constraint.definition}`,
      );
    }
    for (const index of indexes) await client.query(index.definition);
    await client.query('ALTER TABLE usage ENABLE TRIGGER USER');
    log('Rebuilding the rollups');
    await client.query('SELECT rebuild_usage_rollups()');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * Makes the database hold exactly `rows` generated records plus the probe,
 * reusing what an earlier run loaded when it matches, appending when the
 * table is smaller, and reloading otherwise. Returns the seconds spent.
 */
export async function ensureDataset(
  client: Client,
  dataset: BenchDataset,
  tokens: TokenSample[],
  rows: number,
  log: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  const present = await storedRows(client, dataset.end);
  if (present === rows) return 0;

  let from = present ?? 0;
  if (present === null || present > rows) {
    log('Resetting the benchmark database');
    await client.query(
      `TRUNCATE usage, runs, users, models, organizations, bench_dataset CASCADE`,
    );
    const hash = await new ScryptPasswordHasher().hash('bench-password');
    await loadReferenceData(
      client,
      dataset.models,
      [...dataset.organizations, dataset.probe],
      hash,
    );
    await copyUsage(client, {
      seed: PROBE_SEED,
      rows: PROBE_RECORDS,
      end: dataset.end,
      organizations: [dataset.probe],
      models: dataset.models,
      tokens,
      requestIdPrefix: 'probe-',
    });
    from = 0;
  }

  log(`Loading usage rows ${from} to ${rows} with COPY`);
  let reported = 0;
  await bulkLoading(client, log, () =>
    copyUsage(client, {
      seed: DATASET_SEED + from,
      rows: rows - from,
      end: dataset.end,
      organizations: dataset.organizations,
      models: dataset.models,
      tokens,
      requestIdPrefix: `bench-${from}-`,
      onProgress: (written) => {
        if (written - reported >= 1_000_000) {
          reported = written;
          log(`  ${from + written} rows`);
        }
      },
    }),
  );
  await client.query(`DELETE FROM bench_dataset`);
  await client.query(
    `INSERT INTO bench_dataset (rows, end_date, generator) VALUES ($1, $2::date, $3)`,
    [rows, dataset.end.toISOString().slice(0, 10), GENERATOR],
  );
  log('Vacuuming and analyzing');
  await client.query('VACUUM ANALYZE');
  // The load leaves gigabytes of dirty buffers and page cache. Writing them
  // out now keeps the checkpoint and the kernel's writeback from running
  // during the measurements, where they slowed every commit's WAL flush.
  log('Writing the loaded data out (CHECKPOINT)');
  await client.query('CHECKPOINT');

  return (performance.now() - started) / 1000;
}

export { DAYS };
