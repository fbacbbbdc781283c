import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  OrganizationFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'src/cli/import.ts');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the import command from source, as `npm run import` runs the build. */
function runImport(args: string[], databaseUrl: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  };
  delete env.JWT_SECRET;

  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', CLI, ...args],
      { cwd: ROOT, env, timeout: 60000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : Number(error.code ?? -1);
        done({ code, stdout, stderr });
      },
    );
  });
}

describe('import command', () => {
  let testApp: TestApp;
  let organization: OrganizationFixture;
  let model: ModelFixture;
  let directory: string;
  let file: string;

  beforeAll(async () => {
    testApp = await startTestApp('import_cli');
    organization = await insertOrganization(testApp.dataSource, 'Cli org');
    for (const email of ['x@cli.example', 'y@cli.example']) {
      await insertUser(testApp.dataSource, {
        organizationId: organization.id,
        email,
      });
    }
    model = await insertModel(testApp.dataSource, {
      name: 'cli-model',
      provider: 'azure',
    });
    directory = await mkdtemp(join(tmpdir(), 'usage-import-cli-'));
    file = join(directory, 'trace.csv');
    await writeFile(
      file,
      [
        'TIMESTAMP,ContextTokens,GeneratedTokens',
        '2023-11-16 18:17:03.9799600,4808,10',
        '2023-11-16 18:17:04.0319600,3180',
        '2023-11-16 18:17:04.0749600,110,27',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await testApp.close();
  });

  const flags = () => [
    '--format',
    'azure-llm-trace',
    '--file',
    file,
    '--organization',
    organization.id,
    '--model',
    model.id,
  ];

  it('imports a file and prints the summary', async () => {
    const result = await runImport(flags(), testApp.database.url);

    expect(result.stderr).toBe(
      'Line 3: skipped, expected 3 columns, found 2\n',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        [
          `^Imported ${file} into organization ${organization.id}`,
          '  Rows read:       3',
          '  Imported:        2',
          '  Already present: 0',
          '  Malformed:       1',
          '  Input tokens:    4918 \\(imported rows\\)',
          '  Output tokens:   37 \\(imported rows\\)',
          '  Duration:        \\d+\\.\\d s\n$',
        ].join('\n'),
      ),
    );
    const rows = await testApp.dataSource.query(
      `SELECT count(*)::int AS n FROM usage WHERE organization_id = $1`,
      [organization.id],
    );
    expect(rows[0].n).toBe(2);
  });

  it('hints at the options on a conflict', async () => {
    const other = await insertModel(testApp.dataSource, {
      name: 'cli-model-2',
      provider: 'azure',
    });
    const args = flags();
    args[7] = other.id;

    const result = await runImport(args, testApp.database.url);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Import failed: Request id [0-9a-f]{64} was already collected with a different modelId\. The file was imported before with other options or members: import it with the same --model, --users and member list, or under a new --source\n$/m,
    );
  });

  it('exits 1 for an unknown organization', async () => {
    const unknown = '00000000-0000-4000-8000-000000000009';
    const args = flags();
    args[5] = unknown;

    const result = await runImport(args, testApp.database.url);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Import failed: Organization ${unknown} not found\n`,
    );
  });

  it('exits 2 for an unknown flag', async () => {
    const result = await runImport(
      [...flags(), '--org', 'x'],
      testApp.database.url,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Unknown option '--org'\n\nUsage: /);
  });

  it('exits 2 for a bad user count', async () => {
    const result = await runImport(
      [...flags(), '--users', 'two'],
      testApp.database.url,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^Invalid --users "two": expected a whole number of members, at least 1\n/,
    );
  });

  it('exits 2 for a missing file', async () => {
    const args = flags();
    args[3] = join(directory, 'missing.csv');

    const result = await runImport(args, testApp.database.url);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Invalid --file ".*missing\.csv": ENOENT\n/);
  });
});
