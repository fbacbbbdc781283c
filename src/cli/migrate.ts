import { revertLastMigration, runMigrations } from '../database/migrations';
import {
  CliUsageError,
  prepareCliRuntime,
  printLine,
  runCli,
} from './cli-runtime';

const USAGE = `Usage: node dist/src/cli/migrate.js up|down

  up    apply every pending migration
  down  revert the most recent migration

The database is DATABASE_URL when set, else the embedded PostgreSQL.`;

async function main(argv: string[]): Promise<number> {
  const [direction, ...rest] = argv;
  if (direction !== 'up' && direction !== 'down') {
    throw new CliUsageError(
      direction === undefined
        ? 'Missing direction: expected up or down'
        : `Invalid direction "${direction}": expected up or down`,
    );
  }
  if (rest.length > 0) {
    throw new CliUsageError(`Unexpected argument "${rest[0]}"`);
  }

  const runtime = await prepareCliRuntime();
  try {
    if (direction === 'up') {
      const applied = await runMigrations(runtime.settings.databaseUrl);
      printLine(
        applied.length === 0
          ? 'Schema is up to date'
          : `Applied migrations: ${applied.join(', ')}`,
      );
    } else {
      const reverted = await revertLastMigration(runtime.settings.databaseUrl);
      printLine(
        reverted ? 'Reverted the last migration' : 'No migration to revert',
      );
    }
  } finally {
    await runtime.stop();
  }

  return 0;
}

runCli(() => main(process.argv.slice(2)), USAGE);
