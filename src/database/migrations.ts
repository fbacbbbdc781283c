import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/** Applies pending migrations in one transaction each and returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(buildDataSourceOptions(url, 1, 0));
  await dataSource.initialize();

  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });

    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts the most recent migration and returns whether one was reverted. */
export async function revertLastMigration(url: string): Promise<boolean> {
  const dataSource = new DataSource(buildDataSourceOptions(url, 1, 0));
  await dataSource.initialize();

  try {
    const before = await dataSource.query(
      `SELECT count(*)::int AS n FROM schema_migrations`,
    );
    await dataSource.undoLastMigration({ transaction: 'each' });
    const after = await dataSource.query(
      `SELECT count(*)::int AS n FROM schema_migrations`,
    );

    return after[0].n < before[0].n;
  } finally {
    await dataSource.destroy();
  }
}
