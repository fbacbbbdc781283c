import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrations';

/** A database created for one test file, with the real migrations applied. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

const TEST_DATABASE_NAME = /^test_[a-z0-9_]+$/;

function adminUrl(): string {
  const url = process.env.TEST_POSTGRES_ADMIN_URL;
  if (url === undefined) {
    throw new Error(
      'TEST_POSTGRES_ADMIN_URL is not set; run the tests through jest',
    );
  }

  return url;
}

function urlOfDatabase(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;

  return url.toString();
}

async function withAdminClient<T>(
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named `test_<label>_<random>`, optionally without migrations. */
export async function createTestDatabase(
  label: string,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const name = `test_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));

  const url = urlOfDatabase(name);
  if (options.migrate !== false) await runMigrations(url);

  return { url, name, drop: () => dropTestDatabase(name) };
}

/** Drops a database, refusing any whose name does not mark it as a test database. */
export async function dropTestDatabase(name: string): Promise<void> {
  if (!TEST_DATABASE_NAME.test(name)) {
    throw new Error(`Refusing to drop "${name}": it is not a test database`);
  }

  await withAdminClient((client) =>
    client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}
