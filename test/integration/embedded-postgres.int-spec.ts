import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

describe('embedded PostgreSQL', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'usage-analytics-embedded-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, reuses, restarts and keeps its secret', async () => {
    const port = await freePort();
    const otherPort = await freePort();
    const { stdout } = await run(
      process.execPath,
      [
        '--require',
        'ts-node/register/transpile-only',
        join(__dirname, '..', 'support', 'embedded-postgres-scenario.ts'),
        dataDir,
        String(port),
        String(otherPort),
      ],
      { timeout: 120000 },
    );

    expect(JSON.parse(stdout)).toEqual({
      firstStartedHere: true,
      firstAnswer: 1,
      reusedStartedHere: false,
      sameUrl: true,
      answerAfterReuseStop: 1,
      otherPortStartedHere: false,
      otherPortSameUrl: true,
      answerAfterOtherPortStop: 1,
      restartedStartedHere: true,
      restartedAnswer: 1,
      secretKept: true,
      secretLength: 64,
    });
  }, 150000);
});
