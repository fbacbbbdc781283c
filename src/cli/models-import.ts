import { readFile } from 'node:fs/promises';
import { runMigrations } from '../database/migrations';
import {
  ImportLitellmPricesUseCase,
  LitellmPriceChange,
} from '../modules/models/application/import-litellm-prices.use-case';
import { InvalidLitellmPriceMapError } from '../modules/models/domain/litellm-price-map';
import { ModelPrices } from '../modules/models/domain/model';
import {
  CliUsageError,
  EXIT_FAILURE,
  prepareCliRuntime,
  printError,
  printLine,
  runCli,
  withApplicationContext,
} from './cli-runtime';
import {
  MODELS_IMPORT_USAGE,
  parseModelsImportArguments,
} from './models-import-arguments';

async function main(argv: string[]): Promise<number> {
  const parsed = parseModelsImportArguments(argv);
  if (parsed === null) {
    printLine(MODELS_IMPORT_USAGE);
    return 0;
  }

  const text = await readFile(parsed.file, 'utf8').catch(
    (error: NodeJS.ErrnoException) => {
      throw new CliUsageError(
        `Invalid --file "${parsed.file}": ${error.code ?? error.message}`,
      );
    },
  );
  const runtime = await prepareCliRuntime();
  try {
    const applied = await runMigrations(runtime.settings.databaseUrl);
    if (applied.length > 0) {
      printLine(`Applied migrations: ${applied.join(', ')}`);
    }

    return await withApplicationContext(runtime.settings, (app) =>
      importPrices(app.get(ImportLitellmPricesUseCase), text, parsed),
    );
  } finally {
    await runtime.stop();
  }
}

async function importPrices(
  importer: ImportLitellmPricesUseCase,
  text: string,
  parsed: { file: string; dryRun: boolean },
): Promise<number> {
  let changes: LitellmPriceChange[];
  try {
    changes = await importer.execute({ text, dryRun: parsed.dryRun });
  } catch (error) {
    if (!(error instanceof InvalidLitellmPriceMapError)) throw error;
    printError(`Invalid --file "${parsed.file}": ${error.message}`);
    return EXIT_FAILURE;
  }

  for (const change of changes) printLine(describe(change));
  printSummary(changes, parsed.dryRun);

  return 0;
}

function describePrices(prices: ModelPrices | null): string {
  return prices === null
    ? 'no prices'
    : `input ${prices.inputPricePerMillion}, output ${prices.outputPricePerMillion}`;
}

function describe(change: LitellmPriceChange): string {
  switch (change.kind) {
    case 'created':
      return `created   ${change.name} (${change.provider}): ${describePrices(change.prices)} USD per million tokens`;
    case 'updated':
      return `updated   ${change.name}: ${describePrices(change.before.prices)} ${change.before.currency} -> ${describePrices(change.prices)} USD per million tokens`;
    case 'unchanged':
      return `unchanged ${change.name}`;
    case 'skipped':
      return `skipped   ${change.name}: ${change.reason}`;
  }
}

function printSummary(changes: LitellmPriceChange[], dryRun: boolean): void {
  const count = (kind: LitellmPriceChange['kind']) =>
    changes.filter((change) => change.kind === kind).length;

  printLine(
    `${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('skipped')} skipped` +
      (dryRun ? ' (dry run: nothing was written)' : ''),
  );
}

runCli(() => main(process.argv.slice(2)), MODELS_IMPORT_USAGE);
