import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { ScryptPasswordHasher } from '../src/modules/iam/infrastructure/scrypt-password-hasher';

/** The organization, users and models that the soak's load runs as. */
export interface SoakFixture {
  organizationId: string;
  adminToken: string;
  memberToken: string;
  modelIds: string[];
  /** Usage rows stored before the load, which the totals check leaves out. */
  seededRows: number;
}

const SEED_ROWS = 50000;

/**
 * Creates an organization of its own with two users and three models of
 * providers without an endpoint, so runs use the simulated provider, and
 * seeds 90 days of usage for the dashboards to read.
 */
export async function createSoakFixture(
  client: Client,
  jwtSecret: string,
): Promise<SoakFixture> {
  const suffix = randomBytes(4).toString('hex');
  const hash = await new ScryptPasswordHasher().hash(
    randomBytes(16).toString('hex'),
  );
  const [organization] = (
    await client.query<{ id: string }>(
      `INSERT INTO organizations (name) VALUES ($1) RETURNING id`,
      [`Soak ${suffix}`],
    )
  ).rows;
  const users = (
    await client.query<{ id: string }>(
      `INSERT INTO users (organization_id, email, name, password_hash, org_role)
       VALUES ($1, $2, 'Soak admin', $4, 'admin'), ($1, $3, 'Soak member', $4, 'member')
       RETURNING id`,
      [
        organization.id,
        `admin-${suffix}@soak.example`,
        `member-${suffix}@soak.example`,
        hash,
      ],
    )
  ).rows;
  const models = (
    await client.query<{ id: string }>(
      `INSERT INTO models (name, display_name, provider, input_price_per_million,
                           output_price_per_million, currency)
       SELECT 'soak-' || p || '-' || $1, 'Soak ' || p, 'soak-' || p, 1.5, 6, 'USD'
         FROM unnest(ARRAY['alpha', 'beta', 'gamma']) AS p
       RETURNING id`,
      [suffix],
    )
  ).rows;
  await seedUsage(
    client,
    organization.id,
    users[1].id,
    models.map((m) => m.id),
  );

  const sign = (userId: string) =>
    jwt.sign({ sub: userId, org: organization.id }, jwtSecret, {
      algorithm: 'HS256',
      expiresIn: 24 * 3600,
    });

  return {
    organizationId: organization.id,
    adminToken: sign(users[0].id),
    memberToken: sign(users[1].id),
    modelIds: models.map((model) => model.id),
    seededRows: SEED_ROWS,
  };
}

async function seedUsage(
  client: Client,
  organizationId: string,
  userId: string,
  modelIds: string[],
): Promise<void> {
  await client.query(
    `INSERT INTO usage (organization_id, user_id, model_id, provider, model_name,
                        input_tokens, output_tokens, total_tokens, cost, currency,
                        request_id, created_at)
     SELECT $1, $2, m.id, m.provider, m.name, 1000 + i % 500, 100 + i % 50,
            1100 + i % 500 + i % 50, 0.0015, 'USD', 'seed-' || i,
            now() - (i % 90) * interval '1 day' - (i % 1440) * interval '1 minute'
       FROM generate_series(1, $4::int) AS i
       JOIN models m ON m.id = ($3::uuid[])[1 + i % 3]`,
    [organizationId, userId, modelIds, SEED_ROWS],
  );
}

/** A database created for one soak run, and how to drop it. */
export interface SoakDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database `soak_<random>` on the server of serverUrl, so
 * each run starts from the current migrations, whatever an earlier run left.
 */
export async function createSoakDatabase(
  serverUrl: string,
): Promise<SoakDatabase> {
  const name = `soak_${randomBytes(4).toString('hex')}`;
  const withServer = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      // The name is generated above from hex digits, never from input.
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await withServer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  return {
    url: url.toString(),
    drop: () => withServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
