import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { AppSettings } from '../src/config/app-settings';

/** The compiled service running as a process of its own, as in production. */
export interface ServiceProcess {
  baseUrl: string;
  pid: number;
  /** Peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<number | null>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        done(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The service exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(
    'Timed out after 60 s waiting for /api/health of the service',
  );
}

/**
 * Picks the service's port: BENCH_HTTP_PORT when set, so that two
 * benchmarks on one machine can be given ports of their own, else a free one.
 */
async function servicePort(): Promise<number> {
  const text = process.env.BENCH_HTTP_PORT;
  if (text === undefined || text === '') return freePort();

  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `BENCH_HTTP_PORT must be a port number from 1 to 65535, got "${text}"`,
    );
  }

  return port;
}

/** Starts `dist/src/main.js` (built by `nest build`) against the benchmark database. */
export async function startServiceProcess(
  settings: AppSettings,
): Promise<ServiceProcess> {
  const port = await servicePort();
  const child = spawn(
    process.execPath,
    [resolve(__dirname, '../dist/src/main.js')],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: settings.databaseUrl,
        JWT_SECRET: settings.jwtSecret,
        DEMO_SEED: 'false',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child);

  return {
    baseUrl,
    pid: child.pid as number,
    peakRssMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);

      return Math.round(kib / 1024);
    },
    stop: () =>
      new Promise((done) => {
        child.once('exit', (code) => done(code));
        child.kill('SIGTERM');
      }),
  };
}
