import { stat } from 'node:fs/promises';
import { DomainError, ValidationError } from '../common/domain/domain-error';
import { RequestIdConflictError } from '../modules/usage/domain/usage.errors';
import { runMigrations } from '../database/migrations';
import {
  ImportSummary,
  MalformedRow,
} from '../modules/usage/application/import-usage-trace.command';
import { ImportUsageTraceUseCase } from '../modules/usage/application/import-usage-trace.use-case';
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
  IMPORT_USAGE,
  ImportArguments,
  parseImportArguments,
} from './import-arguments';
import { ImportProgressReporter } from './import-progress';
import { readLines } from './trace-file';

const MAX_LISTED_MALFORMED_ROWS = 100;

/** Command-line flags of the importer's error fields. */
const FLAG_OF_FIELD: Record<string, string> = {
  organizationId: '--organization',
  modelId: '--model',
  users: '--users',
  file: '--file',
};

async function main(argv: string[]): Promise<number> {
  const parsed = parseImportArguments(argv);
  if (parsed === null) {
    printLine(IMPORT_USAGE);
    return 0;
  }
  const totalBytes = await fileSize(parsed.file);

  const runtime = await prepareCliRuntime();
  try {
    const applied = await runMigrations(runtime.settings.databaseUrl);
    if (applied.length > 0)
      printLine(`Applied migrations: ${applied.join(', ')}`);

    return await withApplicationContext(runtime.settings, (app) =>
      importFile(app.get(ImportUsageTraceUseCase), parsed, totalBytes),
    );
  } finally {
    await runtime.stop();
  }
}

async function fileSize(file: string): Promise<number> {
  const stats = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliUsageError(
      `Invalid --file "${file}": ${error.code ?? error.message}`,
    );
  });
  if (!stats.isFile()) {
    throw new CliUsageError(`Invalid --file "${file}": not a regular file`);
  }

  return stats.size;
}

async function importFile(
  importer: ImportUsageTraceUseCase,
  parsed: ImportArguments,
  totalBytes: number,
): Promise<number> {
  const reporter = new ImportProgressReporter(
    totalBytes,
    process.stdout.isTTY === true,
  );
  let listed = 0;
  const reportMalformed = (row: MalformedRow) => {
    listed += 1;
    if (listed <= MAX_LISTED_MALFORMED_ROWS) {
      printError(`Line ${row.lineNumber}: skipped, ${row.reason}`);
    } else if (listed === MAX_LISTED_MALFORMED_ROWS + 1) {
      printError('Further malformed rows are counted but not listed');
    }
  };

  try {
    const summary = await importer.execute({
      organizationId: parsed.organizationId,
      modelId: parsed.modelId,
      users: parsed.users,
      source: parsed.source,
      lines: readLines(parsed.file, (bytes) => reporter.addBytes(bytes)),
      onProgress: (progress) => reporter.update(progress),
      onMalformedRow: reportMalformed,
    });
    reporter.stop();
    printSummary(parsed, summary);

    return 0;
  } catch (error) {
    reporter.stop();
    if (!(error instanceof DomainError)) throw error;

    printError(`Import failed: ${describe(error)}`);
    return EXIT_FAILURE;
  }
}

function describe(error: DomainError): string {
  if (error instanceof RequestIdConflictError) {
    // A row's request id depends on its source and text only, so a row
    // differs from its stored record when the model or member changed.
    return `${error.message}. The file was imported before with other options or members: import it with the same --model, --users and member list, or under a new --source`;
  }
  if (!(error instanceof ValidationError)) return error.message;

  return error.details
    .map(
      (detail) =>
        `${FLAG_OF_FIELD[detail.field] ?? detail.field} ${detail.message}`,
    )
    .join('; ');
}

function printSummary(parsed: ImportArguments, summary: ImportSummary): void {
  printLine(
    `Imported ${parsed.file} into organization ${parsed.organizationId}`,
  );
  printLine(`  Rows read:       ${summary.rowsRead}`);
  printLine(`  Imported:        ${summary.imported}`);
  printLine(`  Already present: ${summary.alreadyPresent}`);
  printLine(`  Malformed:       ${summary.malformed}`);
  printLine(`  Input tokens:    ${summary.inputTokens} (imported rows)`);
  printLine(`  Output tokens:   ${summary.outputTokens} (imported rows)`);
  printLine(`  Duration:        ${(summary.durationMs / 1000).toFixed(1)} s`);
}

runCli(() => main(process.argv.slice(2)), IMPORT_USAGE);
