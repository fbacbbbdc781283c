import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { TEST_JWT_SECRET } from '../../support/test-app';

const ROOT = resolve(__dirname, '../../..');
const STARTUP_TIMEOUT_MS = 60000;

/** The service started from source as `npm start` starts the build. */
export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code, or the signal name if a signal ended it. */
  exited: Promise<number | string>;
}

/** Finds a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * Starts `src/main.ts` with ts-node against the given database and waits
 * until it serves HTTP. Logs are JSON (NODE_ENV=production).
 */
export async function startServiceProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: databaseUrl,
        JWT_SECRET: TEST_JWT_SECRET,
        DEMO_SEED: 'false',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? String(signal))),
  );

  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    () => answersHealth(baseUrl),
    exited,
    () => output,
  );

  return {
    child,
    baseUrl,
    output: () => output,
    exited,
  };
}

/** Checks whether the service responds on its health route, whatever the status. */
async function answersHealth(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/api/health`);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(
  ready: () => Promise<boolean>,
  exited: Promise<number | string>,
  output: () => string,
): Promise<void> {
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;

  while (!(await ready())) {
    if (exitCode !== undefined) {
      throw new Error(`Service exited with ${exitCode}:\n${output()}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`Service did not start in time:\n${output()}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
