import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { allMigrations } from '../../migrations';

// node-postgres returns bigint (int8) and numeric as strings, which keeps
// them exact; adapters convert counts with toSafeInteger and keep money as
// decimal strings. timestamptz stays a Date.
types.setTypeParser(types.builtins.INT8, (value) => value);

/** TypeORM options for the one PostgreSQL the service uses. */
export function buildDataSourceOptions(
  url: string,
  poolSize = 10,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: allMigrations,
    migrationsTableName: 'schema_migrations',
    entities: [],
    logging: false,
    extra: { max: poolSize, application_name: 'usage-analytics' },
  };
}
