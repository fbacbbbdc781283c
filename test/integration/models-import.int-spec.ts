import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { insertModel } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'src/cli/models-import.ts');
const LONG_NAME = 'n'.repeat(201);

// A small file in the shape of LiteLLM's model_prices_and_context_window.json.
const PRICE_MAP = `{
  "sample_spec": {
    "max_tokens": "maximum tokens of the model",
    "input_cost_per_token": 0.0,
    "output_cost_per_token": 0.0,
    "litellm_provider": "a provider name",
    "mode": "chat, embedding or completion"
  },
  "gpt-new": {
    "max_tokens": 16384,
    "input_cost_per_token": 4e-07,
    "output_cost_per_token": 1.6e-06,
    "litellm_provider": "openai",
    "mode": "chat"
  },
  "cheap-model": {
    "input_cost_per_token": 1.5e-07,
    "output_cost_per_token": 3e-06,
    "litellm_provider": "Vertex AI",
    "mode": "chat"
  },
  "existing-model": {
    "input_cost_per_token": 3e-06,
    "output_cost_per_token": 1.5e-05,
    "litellm_provider": "anthropic",
    "mode": "chat"
  },
  "same-model": {
    "input_cost_per_token": 2.5e-06,
    "output_cost_per_token": 1e-05,
    "litellm_provider": "openai",
    "mode": "chat"
  },
  "embedding-only": {
    "input_cost_per_token": 1e-07,
    "litellm_provider": "openai",
    "mode": "embedding"
  },
  "${LONG_NAME}": {
    "input_cost_per_token": 1e-07,
    "output_cost_per_token": 1e-07,
    "litellm_provider": "openai"
  }
}`;

const CHANGES = [
  'created   gpt-new (openai): input 0.4, output 1.6 USD per million tokens',
  'created   cheap-model (vertex-ai): input 0.15, output 3 USD per million tokens',
  'updated   existing-model: input 1, output 5 EUR -> input 3, output 15 USD per million tokens',
  'unchanged same-model',
  'skipped   embedding-only: no output_cost_per_token',
  `skipped   ${LONG_NAME}: name longer than 200 characters`,
];

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface ModelRow {
  name: string;
  display_name: string;
  provider: string;
  input: string | null;
  output: string | null;
  currency: string;
}

describe('models import command', () => {
  let testApp: TestApp;
  let directory: string;
  let file: string;

  /** Runs the command from source, as `npm run models:import` runs the build. */
  function runImport(args: string[]): Promise<CliResult> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: testApp.database.url,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DEMO_SEED: 'false',
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

  function models(): Promise<ModelRow[]> {
    return testApp.dataSource.query(
      `SELECT name, display_name, provider, input_price_per_million::text AS input,
              output_price_per_million::text AS output, currency
       FROM models ORDER BY name COLLATE "C"`,
    );
  }

  beforeAll(async () => {
    testApp = await startTestApp('models_import');
    await insertModel(testApp.dataSource, {
      name: 'existing-model',
      displayName: 'Existing Model',
      provider: 'anthropic',
      inputPricePerMillion: '1',
      outputPricePerMillion: '5',
      currency: 'EUR',
    });
    await insertModel(testApp.dataSource, {
      name: 'same-model',
      displayName: 'Same Model',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
    directory = await mkdtemp(join(tmpdir(), 'models-import-'));
    file = join(directory, 'model_prices_and_context_window.json');
    await writeFile(file, PRICE_MAP);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await testApp.close();
  });

  it('prints the changes of a dry run and writes nothing', async () => {
    const before = await models();

    const result = await runImport([
      '--format',
      'litellm',
      '--file',
      file,
      '--dry-run',
    ]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        ...CHANGES,
        '2 created, 1 updated, 1 unchanged, 2 skipped (dry run: nothing was written)',
        '',
      ].join('\n'),
    );
    expect(await models()).toEqual(before);
  });

  it('creates and updates the models', async () => {
    const result = await runImport(['--format', 'litellm', '--file', file]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [...CHANGES, '2 created, 1 updated, 1 unchanged, 2 skipped', ''].join(
        '\n',
      ),
    );
    expect(await models()).toEqual([
      {
        name: 'cheap-model',
        display_name: 'cheap-model',
        provider: 'vertex-ai',
        input: '0.150000000000',
        output: '3.000000000000',
        currency: 'USD',
      },
      {
        name: 'existing-model',
        display_name: 'Existing Model',
        provider: 'anthropic',
        input: '3.000000000000',
        output: '15.000000000000',
        currency: 'USD',
      },
      {
        name: 'gpt-new',
        display_name: 'gpt-new',
        provider: 'openai',
        input: '0.400000000000',
        output: '1.600000000000',
        currency: 'USD',
      },
      {
        name: 'same-model',
        display_name: 'Same Model',
        provider: 'openai',
        input: '2.500000000000',
        output: '10.000000000000',
        currency: 'USD',
      },
    ]);
  });

  it('finds nothing to change the second time', async () => {
    const result = await runImport(['--format', 'litellm', '--file', file]);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(-2)).toEqual([
      '0 created, 0 updated, 4 unchanged, 2 skipped',
      '',
    ]);
  });

  it('fails on a file that is not JSON', async () => {
    const broken = join(directory, 'broken.json');
    await writeFile(broken, '{"gpt": ');

    const result = await runImport(['--format', 'litellm', '--file', broken]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^Invalid --file "${broken}": not valid JSON: `),
    );
  });

  it.each([
    [[], 'Missing --format'],
    [
      ['--format', 'csv', '--file', 'x.json'],
      'Invalid --format "csv": expected litellm',
    ],
    [['--format', 'litellm'], 'Missing --file'],
    [
      ['--format', 'litellm', '--file', '/nonexistent/prices.json'],
      'Invalid --file "/nonexistent/prices.json": ENOENT',
    ],
    [
      ['--format', 'litellm', '--file', 'x.json', '--dry'],
      "Unknown option '--dry'",
    ],
  ])('exits 2 on %j', async (args, message) => {
    const result = await runImport(args);

    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(result.stderr).toContain('Usage: npm run models:import');
  });
});
