import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CollectUsageUseCase } from '../../src/modules/usage/application/collect-usage.use-case';
import {
  insertModel,
  insertOrganization,
  insertUser,
} from '../support/fixtures';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';
import { loadCommand } from './support/load-command';

const ROOT = resolve(__dirname, '../..');
const SCRIPT = join(__dirname, 'support/collect-under-load.ts');
const COUNT = 20000;

interface KilledRun {
  acknowledged: string[];
  exit: string | number;
}

/**
 * Starts the collecting child, kills it with SIGKILL once it has printed
 * `killAfterAcks` acknowledgements, and returns the ids it acknowledged.
 */
function collectAndKill(
  databaseUrl: string,
  args: string[],
  killAfterAcks: number,
): Promise<KilledRun> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', SCRIPT, ...args],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let acks = 0;
  let partialLine = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop() ?? '';
    const before = acks;
    acks += lines.filter((line) => line.startsWith('ack ')).length;
    if (before < killAfterAcks && acks >= killAfterAcks) {
      child.kill('SIGKILL');
    }
  });

  return new Promise((done, fail) => {
    child.once('exit', (code, signal) => {
      if (!stdout.includes('ready\n')) {
        fail(new Error(`Collector failed before it was ready:\n${stderr}`));
        return;
      }
      const acknowledged = stdout
        .split('\n')
        .filter((line) => line.startsWith('ack '))
        .map((line) => line.slice(4));
      done({ acknowledged, exit: signal ?? code ?? 'unknown' });
    });
  });
}

describe('collection after SIGKILL', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp('crash_recovery');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('keeps every acknowledged record once', async () => {
    const { dataSource } = testApp;
    const organization = await insertOrganization(dataSource, 'Acme');
    const user = await insertUser(dataSource, {
      organizationId: organization.id,
      email: 'alice@acme.example',
    });
    const model = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
    const ids = {
      organizationId: organization.id,
      userId: user.id,
      modelId: model.id,
    };
    // A random moment of collection, counted in acknowledged records so
    // that it falls within the run however fast the machine collects. It
    // is shown on failure, so that a failing moment can be tried again.
    const killAfterAcks = 500 + Math.floor(Math.random() * (COUNT / 2));

    const run = await collectAndKill(
      testApp.database.url,
      [
        ids.organizationId,
        ids.userId,
        ids.modelId,
        'crash',
        String(COUNT),
        '64',
      ],
      killAfterAcks,
    );

    expect({ killAfterAcks, exit: run.exit }).toEqual({
      killAfterAcks,
      exit: 'SIGKILL',
    });
    expect(run.acknowledged.length).toBeGreaterThan(0);
    expect(run.acknowledged.length).toBeLessThan(COUNT);
    const stored: { request_id: string; n: number }[] = await dataSource.query(
      `SELECT request_id, count(*)::int AS n FROM usage
        WHERE organization_id = $1 GROUP BY request_id`,
      [organization.id],
    );
    const storedCounts = new Map(stored.map((row) => [row.request_id, row.n]));
    const missing = run.acknowledged.filter((id) => storedCounts.get(id) !== 1);
    expect(missing).toEqual([]);

    const collect = testApp.app.get(CollectUsageUseCase);
    const retried = await Promise.all(
      Array.from({ length: COUNT }, (_, index) =>
        collect.execute(loadCommand(ids, 'crash', index)),
      ),
    );

    const acknowledged = new Set(run.acknowledged);
    const recreated = retried.filter(
      (record) => record.created && acknowledged.has(record.requestId),
    );
    expect(recreated).toEqual([]);
    const after: { rows: number; ids: number; tokens: string }[] =
      await dataSource.query(
        `SELECT count(*)::int AS rows, count(DISTINCT request_id)::int AS ids,
                sum(total_tokens)::text AS tokens
           FROM usage WHERE organization_id = $1`,
        [organization.id],
      );
    const expectedTokens = Array.from({ length: COUNT }, (_, index) => {
      const command = loadCommand(ids, 'crash', index);
      return command.inputTokens + command.outputTokens;
    }).reduce((a, b) => a + b, 0);
    expect(after[0]).toEqual({
      rows: COUNT,
      ids: COUNT,
      tokens: String(expectedTokens),
    });
  });
});
