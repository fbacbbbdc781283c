import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { ScryptPasswordHasher } from '../../src/modules/iam/infrastructure/scrypt-password-hasher';
import { TEST_JWT_SECRET } from './test-app';

/**
 * Small factories that write straight to the database, so a test states
 * exactly the rows it relies on. Collection through the use case is tested
 * on its own; these bypass it on purpose.
 */

export const FIXTURE_PASSWORD = 'correct horse battery staple';
let fixturePasswordHash: Promise<string> | undefined;

/** Hashes FIXTURE_PASSWORD once per test file; scrypt is slow on purpose. */
export function fixturePasswordHashOnce(): Promise<string> {
  fixturePasswordHash ??= new ScryptPasswordHasher().hash(FIXTURE_PASSWORD);
  return fixturePasswordHash;
}

export interface OrganizationFixture {
  id: string;
  name: string;
}

export async function insertOrganization(
  dataSource: DataSource,
  name: string,
): Promise<OrganizationFixture> {
  const rows: OrganizationFixture[] = await dataSource.query(
    `INSERT INTO organizations (name) VALUES ($1) RETURNING id, name`,
    [name],
  );

  return rows[0];
}

export interface UserFixture {
  id: string;
  organizationId: string;
  email: string;
  name: string;
}

export async function insertUser(
  dataSource: DataSource,
  user: {
    organizationId: string;
    email: string;
    name?: string;
    orgRole?: 'admin' | 'member';
    systemRole?: 'super_admin' | null;
    deactivated?: boolean;
  },
): Promise<UserFixture> {
  const rows: UserFixture[] = await dataSource.query(
    `INSERT INTO users (organization_id, email, name, password_hash, org_role, system_role, deactivated_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END)
     RETURNING id, organization_id AS "organizationId", email, name`,
    [
      user.organizationId,
      user.email.toLowerCase(),
      user.name ?? user.email.split('@')[0],
      await fixturePasswordHashOnce(),
      user.orgRole ?? 'member',
      user.systemRole ?? null,
      user.deactivated ?? false,
    ],
  );

  return rows[0];
}

export interface ModelFixture {
  id: string;
  name: string;
  displayName: string;
  provider: string;
  currency: string;
}

export async function insertModel(
  dataSource: DataSource,
  model: {
    name: string;
    displayName?: string;
    provider: string;
    /** Decimal strings per million tokens; omit both for an unpriced model. */
    inputPricePerMillion?: string;
    outputPricePerMillion?: string;
    currency?: string;
  },
): Promise<ModelFixture> {
  const rows: ModelFixture[] = await dataSource.query(
    `INSERT INTO models (name, display_name, provider, input_price_per_million, output_price_per_million, currency)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, name, display_name AS "displayName", provider, currency`,
    [
      model.name,
      model.displayName ?? model.name,
      model.provider,
      model.inputPricePerMillion ?? null,
      model.outputPricePerMillion ?? null,
      model.currency ?? 'USD',
    ],
  );

  return rows[0];
}

/**
 * Inserts one usage record as collection would store it. `cost` is the
 * record's cost as a decimal string, or null for an unpriced model.
 */
export async function insertUsage(
  dataSource: DataSource,
  usage: {
    organizationId: string;
    userId: string | null;
    model: ModelFixture;
    inputTokens: number;
    outputTokens: number;
    cost: string | null;
    createdAt: string;
    requestId?: string;
  },
): Promise<void> {
  await dataSource.query(
    `INSERT INTO usage (organization_id, user_id, model_id, provider, model_name,
                        input_tokens, output_tokens, total_tokens, cost, currency,
                        request_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6::bigint + $7::bigint, $8, $9,
             COALESCE($10, gen_random_uuid()::text), $11)`,
    [
      usage.organizationId,
      usage.userId,
      usage.model.id,
      usage.model.provider,
      usage.model.name,
      usage.inputTokens,
      usage.outputTokens,
      usage.cost,
      usage.model.currency,
      usage.requestId ?? null,
      usage.createdAt,
    ],
  );
}

/** Signs an access token as login would, or with other options to test rejection. */
export function tokenFor(
  user: { id: string; organizationId: string },
  options: { secret?: string; expiresInSeconds?: number } = {},
): string {
  return jwt.sign(
    { sub: user.id, org: user.organizationId },
    options.secret ?? TEST_JWT_SECRET,
    {
      algorithm: 'HS256',
      expiresIn: options.expiresInSeconds ?? 3600,
    },
  );
}

/** Returns the Authorization header value for a user. */
export function bearer(user: { id: string; organizationId: string }): string {
  return `Bearer ${tokenFor(user)}`;
}

/** A usage record for replaceUsage, priced from its model. */
export interface UsageRowFixture {
  organizationId: string;
  userId: string | null;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  /** An ISO 8601 instant, to the microsecond where needed. */
  createdAt: string;
}

/**
 * Replaces all usage with `rows` in multi-row inserts, as collection
 * stores a batch. Costs come from the models' prices, and the request id
 * of each row is `r` followed by its index from 0. The rows before
 * `pendingFrom` (all by default) are then folded into the rollups; the
 * rest stay pending, as records collected since the last fold.
 */
export async function replaceUsage(
  dataSource: DataSource,
  rows: UsageRowFixture[],
  pendingFrom = rows.length,
): Promise<void> {
  await dataSource.query(`TRUNCATE usage`);
  await insertUsageRows(dataSource, rows.slice(0, pendingFrom), 0);
  await foldPendingUsage(dataSource);
  await insertUsageRows(dataSource, rows.slice(pendingFrom), pendingFrom);
}

async function insertUsageRows(
  dataSource: DataSource,
  rows: UsageRowFixture[],
  firstIndex: number,
): Promise<void> {
  if (rows.length === 0) return;

  await dataSource.query(
    `INSERT INTO usage (organization_id, user_id, model_id, provider, model_name,
                        input_tokens, output_tokens, total_tokens, cost, currency,
                        request_id, created_at)
     SELECT d.organization_id, d.user_id, m.id, m.provider, m.name,
            d.input_tokens, d.output_tokens, d.input_tokens + d.output_tokens,
            (d.input_tokens * m.input_price_per_million
             + d.output_tokens * m.output_price_per_million) * 0.000001,
            m.currency, 'r' || ($7::int + d.position - 1), d.created_at
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[],
                 $6::timestamptz[]) WITH ORDINALITY
            AS d(organization_id, user_id, model_id, input_tokens,
                 output_tokens, created_at, position)
     JOIN models m ON m.id = d.model_id`,
    [
      rows.map((row) => row.organizationId),
      rows.map((row) => row.userId),
      rows.map((row) => row.modelId),
      rows.map((row) => row.inputTokens),
      rows.map((row) => row.outputTokens),
      rows.map((row) => row.createdAt),
      firstIndex,
    ],
  );
}

/** Folds every pending usage record into the rollups, as the service's background job does. */
export async function foldPendingUsage(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT fold_usage_pending(NULL)');
}
