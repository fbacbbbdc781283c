import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliUsageError } from '../../src/cli/cli-runtime';
import { parseImportArguments } from '../../src/cli/import-arguments';
import {
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  OrganizationFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { snapshotTables, TableSnapshot } from './support/table-snapshot';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'src/cli/import.ts');
const ID = '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runImport(args: string[], databaseUrl: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  };

  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', CLI, ...args],
      { cwd: ROOT, env, timeout: 60000 },
      (error, stdout, stderr) => {
        done({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

const base = [
  '--format',
  'azure-llm-trace',
  '--file',
  'trace.csv',
  '--organization',
  ID,
  '--model',
  ID,
];

/** Replaces the value of a flag in the base arguments, or appends the flag. */
const withFlag = (flag: string, value: string) => {
  const args = [...base];
  const index = args.indexOf(flag);
  if (index === -1) return [...args, flag, value];
  args[index + 1] = value;

  return args;
};

describe('import command input', () => {
  describe('arguments', () => {
    it.each([
      [
        'malformed organization',
        withFlag('--organization', 'acme'),
        '--organization',
      ],
      [
        'short organization',
        withFlag('--organization', ID.slice(1)),
        '--organization',
      ],
      [
        'SQL organization',
        withFlag('--organization', "' OR 1=1 --"),
        '--organization',
      ],
      ['malformed model', withFlag('--model', 'gpt-4o'), '--model'],
      ['byte FF model', withFlag('--model', '\u00ff'), '--model'],
      ['users 0', withFlag('--users', '0'), '--users'],
      ['negative users', withFlag('--users', '-1'), '--users'],
      ['fractional users', withFlag('--users', '1.5'), '--users'],
      ['exponent users', withFlag('--users', '1e3'), '--users'],
      ['NaN users', withFlag('--users', 'NaN'), '--users'],
      ['huge users', withFlag('--users', '9'.repeat(30)), '--users'],
      ['unknown format', withFlag('--format', 'csv'), '--format'],
      ['empty file', withFlag('--file', ' '), '--file'],
      ['missing model', base.slice(0, 6), '--model'],
      ['unknown flag', [...base, '--org', ID], '--org'],
      ['positional argument', [...base, 'extra'], 'extra'],
      ['flag without value', [...base.slice(0, 7)], '--model'],
    ])('rejects %s', (_name, args, flag) => {
      let caught: unknown;
      try {
        parseImportArguments(args);
      } catch (error) {
        caught = error;
      }

      expect(caught).toBeInstanceOf(CliUsageError);
      expect((caught as Error).message).toContain(flag);
    });
  });

  describe('process', () => {
    let testApp: TestApp;
    let organization: OrganizationFixture;
    let model: ModelFixture;
    let directory: string;
    let before: TableSnapshot;

    beforeAll(async () => {
      testApp = await startTestApp('import_bad_input');
      organization = await insertOrganization(testApp.dataSource, 'Cli org');
      await insertUser(testApp.dataSource, {
        organizationId: organization.id,
        email: 'x@cli.example',
      });
      model = await insertModel(testApp.dataSource, {
        name: 'cli-model',
        provider: 'azure',
      });
      directory = await mkdtemp(join(tmpdir(), 'usage-import-bad-'));
      before = await snapshotTables(testApp.dataSource);
    });

    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
      await testApp.close();
    });

    const flagsFor = (file: string, overrides: Record<string, string> = {}) => {
      const values: Record<string, string> = {
        '--format': 'azure-llm-trace',
        '--file': file,
        '--organization': organization.id,
        '--model': model.id,
        ...overrides,
      };

      return Object.entries(values).flat();
    };

    it('exits 2 naming a malformed organization', async () => {
      const result = await runImport(
        flagsFor('trace.csv', { '--organization': 'acme' }),
        testApp.database.url,
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Invalid --organization "acme"');
    });

    it('exits 2 naming an exponent user count', async () => {
      const result = await runImport(
        flagsFor('trace.csv', { '--users': '1e3' }),
        testApp.database.url,
      );

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Invalid --users "1e3"');
    });

    it('exits 1 for an unknown model', async () => {
      const file = join(directory, 'one-row.csv');
      await writeFile(
        file,
        'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,10,2\n',
      );

      const result = await runImport(
        flagsFor(file, { '--model': ID }),
        testApp.database.url,
      );

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(ID);
    });

    it('skips every malformed row', async () => {
      const file = join(directory, 'bad-rows.csv');
      const rows = [
        '2023-11-16 18:17:03.9799600,-5,2',
        '2023-11-16 18:17:03.9799600,1.5,2',
        '2023-11-16 18:17:03.9799600,1e3,2',
        '2023-11-16 18:17:03.9799600,NaN,2',
        '2023-11-16 18:17:03.9799600,99999999999999999999,2',
        '2023-02-30 18:17:03.9799600,10,2',
        'yesterday,10,2',
        '2023-11-16 18:17:03.9799600,10',
      ];
      await writeFile(
        file,
        Buffer.concat([
          Buffer.from(
            ['TIMESTAMP,ContextTokens,GeneratedTokens', ...rows, ''].join('\n'),
          ),
          Buffer.from([0xff, 0xfe, 0x2c, 0x31, 0x2c, 0x32, 0x0a]),
        ]),
      );

      const result = await runImport(flagsFor(file), testApp.database.url);

      expect(result.code).toBe(0);
      expect(result.stdout).toContain('  Imported:        0');
      expect(result.stdout).toContain(`  Malformed:       ${rows.length + 1}`);
      expect(result.stderr.trim().split('\n')).toHaveLength(rows.length + 1);
    });

    it('leaves every table unchanged', async () => {
      expect(await snapshotTables(testApp.dataSource)).toEqual(before);
    });
  });
});
