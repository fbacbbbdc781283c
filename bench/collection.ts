import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { CollectUsageUseCase } from '../src/modules/usage/application/collect-usage.use-case';
import { MAX_RECORDS_PER_FOLD } from '../src/modules/usage/infrastructure/fold-pending-usage.job';
import { PendingUsageFolder } from '../src/modules/usage/application/ports/pending-usage.folder';
import { seededRandom } from './random';
import { TokenSample } from './trace-tokens';
import { uuidFrom } from './dataset';

export interface CollectionFigure {
  method: string;
  callers: number;
  records: number;
  /** From the first call to the last call's commit. */
  seconds: number;
  recordsPerSecond: number;
  /**
   * Seconds from the last commit until no record was pending any more, for
   * the use case, whose records the service's folds add to the rollups in
   * the background while it runs.
   */
  foldSeconds?: number;
  /** Records per second up to the end of the last fold. */
  recordsPerSecondFolded?: number;
}

interface Collector {
  organizationId: string;
  userIds: string[];
  modelId: string;
}

/** Creates an organization, 64 users and a priced model that only the collection runs write to. */
export async function prepareCollector(client: Client): Promise<Collector> {
  const random = seededRandom(7);
  const organizationId = uuidFrom(random);
  const modelId = uuidFrom(random);
  const userIds = Array.from({ length: 64 }, () => uuidFrom(random));

  await client.query(`DELETE FROM usage WHERE organization_id = $1`, [
    organizationId,
  ]);
  await client.query(
    `INSERT INTO organizations (id, name) VALUES ($1, 'Bench collector')
     ON CONFLICT DO NOTHING`,
    [organizationId],
  );
  await client.query(
    `INSERT INTO models (id, name, display_name, provider, input_price_per_million,
                         output_price_per_million, currency)
     VALUES ($1, 'bench-collector-model', 'Bench collector model', 'openai', 2.5, 10, 'USD')
     ON CONFLICT DO NOTHING`,
    [modelId],
  );
  await client.query(
    `INSERT INTO users (id, organization_id, email, name, password_hash, org_role)
     SELECT id, $1, 'collector-' || id || '@bench.example', 'Collector', 'x', 'member'
     FROM unnest($2::uuid[]) AS u (id)
     ON CONFLICT DO NOTHING`,
    [organizationId, userIds],
  );

  return { organizationId, userIds, modelId };
}

/** The organization, user and model of one record to collect. */
export interface RecordSource {
  organizationId: string;
  userId: string;
  modelId: string;
}

/**
 * Collects `records` records through the use case with `callers`
 * concurrent loops, record `index` of caller `caller` from
 * sourceOf(index, caller), and returns the figure of `method`.
 */
async function collectConcurrently(
  app: INestApplicationContext,
  method: string,
  tokens: TokenSample[],
  callers: number,
  records: number,
  requestIdPrefix: string,
  sourceOf: (index: number, caller: number) => RecordSource,
): Promise<CollectionFigure> {
  const collect = app.get(CollectUsageUseCase);
  let next = 0;
  const started = process.hrtime.bigint();

  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let index = next++; index < records; index = next++) {
        const sample = tokens[index % tokens.length];
        await collect.execute({
          ...sourceOf(index, caller),
          inputTokens: sample.input,
          outputTokens: sample.output,
          requestId: `${requestIdPrefix}${index}`,
        });
      }
    }),
  );
  const collected = figure(method, callers, records, started);
  await foldEverything(app);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  return {
    ...collected,
    foldSeconds: seconds - collected.seconds,
    recordsPerSecondFolded: records / seconds,
  };
}

/**
 * Folds until no record is pending. A fold that finds another running
 * returns 0 at once, so it waits a little and checks again.
 */
async function foldEverything(app: INestApplicationContext): Promise<void> {
  const folder = app.get(PendingUsageFolder);
  const dataSource = app.get(DataSource);
  for (;;) {
    if ((await folder.fold(MAX_RECORDS_PER_FOLD)) > 0) continue;
    const [{ pending }] = await dataSource.query<{ pending: boolean }[]>(
      'SELECT EXISTS (SELECT FROM usage_pending) AS pending',
    );
    if (!pending) return;
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** Collects `records` records through the use case with `callers` concurrent loops. */
export async function measureUseCase(
  app: INestApplicationContext,
  collector: Collector,
  tokens: TokenSample[],
  callers: number,
  records: number,
  requestIdPrefix: string,
): Promise<CollectionFigure> {
  return collectConcurrently(
    app,
    'CollectUsageUseCase',
    tokens,
    callers,
    records,
    requestIdPrefix,
    (_, caller) => ({
      organizationId: collector.organizationId,
      userId: collector.userIds[caller % collector.userIds.length],
      modelId: collector.modelId,
    }),
  );
}

/**
 * Samples the organizations, users and models of up to `count` loaded
 * usage rows with a user, the same rows in every run of the same data.
 */
export async function sampleLoadedSources(
  client: Client,
  count: number,
): Promise<RecordSource[]> {
  const { rows } = await client.query<{
    organization_id: string;
    user_id: string;
    model_id: string;
  }>(
    `SELECT organization_id, user_id, model_id
     FROM usage TABLESAMPLE SYSTEM (1) REPEATABLE (7)
     WHERE user_id IS NOT NULL
     LIMIT $1`,
    [count],
  );

  return rows.map((row) => ({
    organizationId: row.organization_id,
    userId: row.user_id,
    modelId: row.model_id,
  }));
}

/**
 * Collects `records` records through the use case with `callers`
 * concurrent loops into the loaded table. Record i takes the organization,
 * user and model of sources[i % sources.length], so the records spread as
 * the loaded rows do.
 */
export async function measureLoadedUseCase(
  app: INestApplicationContext,
  sources: RecordSource[],
  tokens: TokenSample[],
  callers: number,
  records: number,
  requestIdPrefix: string,
): Promise<CollectionFigure> {
  if (sources.length === 0) {
    throw new Error(
      'Sampling the loaded table found no usage rows with a user; load rows before collecting into it',
    );
  }

  return collectConcurrently(
    app,
    'CollectUsageUseCase, into the loaded table',
    tokens,
    callers,
    records,
    requestIdPrefix,
    (index) => sources[index % sources.length],
  );
}

/**
 * Deletes what measureLoadedUseCase collected, in one statement whose
 * trigger subtracts it from the rollups, so a rerun finds the loaded
 * rows as they were.
 */
export async function deleteLoadedRecords(
  client: Client,
  sources: RecordSource[],
  records: number,
  requestIdPrefix: string,
): Promise<void> {
  const indexes = Array.from({ length: records }, (_, index) => index);
  await client.query(
    `DELETE FROM usage u
     USING unnest($1::uuid[], $2::text[]) AS k (organization_id, request_id)
     WHERE u.organization_id = k.organization_id
       AND u.request_id = k.request_id`,
    [
      indexes.map((index) => sources[index % sources.length].organizationId),
      indexes.map((index) => `${requestIdPrefix}${index}`),
    ],
  );
}

/** Measures the baseline: one plain INSERT per record from one caller, cost computed in SQL. */
export async function measurePlainInserts(
  client: Client,
  collector: Collector,
  tokens: TokenSample[],
  records: number,
  requestIdPrefix: string,
): Promise<CollectionFigure> {
  const started = process.hrtime.bigint();

  for (let index = 0; index < records; index++) {
    const sample = tokens[index % tokens.length];
    await client.query(
      `INSERT INTO usage (organization_id, user_id, model_id, provider, model_name,
                          input_tokens, output_tokens, total_tokens, cost, currency, request_id)
       VALUES ($1, $2, $3, 'openai', 'bench-collector-model', $4, $5, $4::bigint + $5::bigint,
               ($4::numeric * 2.5 + $5::numeric * 10) / 1000000, 'USD', $6)`,
      [
        collector.organizationId,
        collector.userIds[0],
        collector.modelId,
        sample.input,
        sample.output,
        `${requestIdPrefix}${index}`,
      ],
    );
  }

  return figure('plain INSERT per record', 1, records, started);
}

/**
 * Measures the ceiling: the same records in one COPY, followed by the
 * same derived work in the same transaction (`afterCopy`).
 */
export async function measureCopy(
  client: Client,
  collector: Collector,
  tokens: TokenSample[],
  records: number,
  requestIdPrefix: string,
  afterCopy: (client: Client) => Promise<void>,
): Promise<CollectionFigure> {
  const started = process.hrtime.bigint();
  const lines = Readable.from(
    (function* () {
      for (let index = 0; index < records; index++) {
        const sample = tokens[index % tokens.length];
        const pico =
          BigInt(sample.input) * 2_500_000n +
          BigInt(sample.output) * 10_000_000n;
        const cost = `${pico / 1_000_000_000_000n}.${(pico % 1_000_000_000_000n).toString().padStart(12, '0')}`;
        yield `${collector.organizationId}\t${collector.userIds[index % 64]}\t${collector.modelId}\topenai\tbench-collector-model\t${sample.input}\t${sample.output}\t${sample.input + sample.output}\t${cost}\tUSD\t${requestIdPrefix}${index}\n`;
      }
    })(),
  );

  await client.query('BEGIN');
  await pipeline(
    lines,
    client.query(
      copyFrom(`COPY usage (organization_id, user_id, model_id, provider, model_name,
        input_tokens, output_tokens, total_tokens, cost, currency, request_id) FROM STDIN`),
    ),
  );
  await afterCopy(client);
  await client.query('COMMIT');

  return figure('COPY (ceiling)', 1, records, started);
}

function figure(
  method: string,
  callers: number,
  records: number,
  started: bigint,
): CollectionFigure {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  return {
    method,
    callers,
    records,
    seconds,
    recordsPerSecond: records / seconds,
  };
}
