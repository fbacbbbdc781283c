import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../database/data-source-options';
import { rebuildUsageRollups } from '../modules/usage/infrastructure/usage-rollups.rebuild';
import {
  CliUsageError,
  prepareCliRuntime,
  printLine,
  runCli,
} from './cli-runtime';

const USAGE = `Usage: node dist/src/cli/rebuild-rollups.js

Recomputes the usage rollups from the raw usage rows in one transaction,
for after a bulk load or a repair. Collection waits until it commits.
The database is DATABASE_URL when set, else the embedded PostgreSQL.`;

async function main(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    throw new CliUsageError(`Unexpected argument "${argv[0]}"`);
  }

  const runtime = await prepareCliRuntime();
  // No statement timeout: aggregating millions of rows takes minutes.
  const dataSource = new DataSource(
    buildDataSourceOptions(runtime.settings.databaseUrl, 1, 0),
  );
  try {
    await dataSource.initialize();
    printLine('Rebuilding the usage rollups');
    const result = await rebuildUsageRollups(dataSource);
    printLine(
      `Rebuilt the usage rollups from ${result.usageRows} usage rows in ${result.durationMs} ms: ` +
        `${result.organizationRollupRows} organization, ${result.globalRollupRows} global, ` +
        `${result.userRollupRows} user rows`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await runtime.stop();
  }

  return 0;
}

runCli(() => main(process.argv.slice(2)), USAGE);
