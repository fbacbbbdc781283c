import { Client } from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import {
  BenchModel,
  BenchOrganization,
  generateUsage,
  UsageRow,
} from './dataset';
import { TokenSample } from './trace-tokens';

const COPY_USAGE = `COPY usage (organization_id, user_id, model_id, provider, model_name,
  input_tokens, output_tokens, total_tokens, cost, currency, request_id, created_at)
  FROM STDIN`;

/** Inserts the catalog, organizations and users of the benchmark in one transaction. */
export async function loadReferenceData(
  client: Client,
  models: BenchModel[],
  organizations: BenchOrganization[],
  passwordHash: string,
): Promise<void> {
  await client.query('BEGIN');
  for (const model of models) {
    await client.query(
      `INSERT INTO models (id, name, display_name, provider, input_price_per_million,
                           output_price_per_million, currency)
       VALUES ($1, $2, $2, $3, $4::numeric / 1000000, $5::numeric / 1000000, $6)`,
      [
        model.id,
        model.name,
        model.provider,
        model.inputMicroPrice?.toString() ?? null,
        model.outputMicroPrice?.toString() ?? null,
        model.currency,
      ],
    );
  }
  for (const organization of organizations) {
    await client.query(`INSERT INTO organizations (id, name) VALUES ($1, $2)`, [
      organization.id,
      organization.name,
    ]);
    await client.query(
      `INSERT INTO users (id, organization_id, email, name, password_hash, org_role)
       SELECT id, $1, 'bench-' || id || '@bench.example', 'Bench user ' || ordinality,
              $2, CASE WHEN ordinality = 1 THEN 'admin' ELSE 'member' END
       FROM unnest($3::uuid[]) WITH ORDINALITY AS u (id, ordinality)`,
      [organization.id, passwordHash, organization.userIds],
    );
  }
  await client.query('COMMIT');
}

function toCopyLine(row: UsageRow): string {
  return `${row.map((value) => (value === null ? '\\N' : String(value))).join('\t')}\n`;
}

/** Streams generated usage rows into the usage table with COPY. */
export async function copyUsage(
  client: Client,
  options: {
    seed: number;
    rows: number;
    end: Date;
    organizations: BenchOrganization[];
    models: BenchModel[];
    tokens: TokenSample[];
    requestIdPrefix: string;
    onProgress?: (rows: number) => void;
  },
): Promise<void> {
  const rows = generateUsage(options);
  let written = 0;
  const lines = Readable.from(
    (function* () {
      let chunk = '';
      for (const row of rows) {
        chunk += toCopyLine(row);
        written += 1;
        if (written % 5000 === 0) {
          yield chunk;
          chunk = '';
          options.onProgress?.(written);
        }
      }
      if (chunk !== '') yield chunk;
      options.onProgress?.(written);
    })(),
  );

  await pipeline(lines, client.query(copyFrom(COPY_USAGE)));
}
