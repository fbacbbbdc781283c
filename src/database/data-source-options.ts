import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { allMigrations } from '../../migrations';
import { fastTimestamptzParser } from '../common/persistence/timestamptz-parser';

// node-postgres returns bigint (int8) and numeric as strings, which keeps
// them exact; adapters convert counts with toSafeInteger and keep money as
// decimal strings. timestamptz stays a Date.
types.setTypeParser(types.builtins.INT8, (value) => value);
types.setTypeParser(
  types.builtins.TIMESTAMPTZ,
  fastTimestamptzParser(types.getTypeParser(types.builtins.TIMESTAMPTZ)),
);

/** Maximum wait for a pooled connection or a new one, in milliseconds. */
export const CONNECTION_TIMEOUT_MS = 5000;
/** Maximum run time of one SQL statement on the server, in milliseconds. */
export const STATEMENT_TIMEOUT_MS = 30000;

/** TypeORM options for the one PostgreSQL the service uses. */
export function buildDataSourceOptions(
  url: string,
  poolSize = 10,
  /** 0 turns the limit off, as migrations need for long index builds. */
  statementTimeoutMs = STATEMENT_TIMEOUT_MS,
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
    extra: {
      max: poolSize,
      application_name: 'usage-analytics',
      // Bound every wait on an unreachable server, so a request fails with
      // a 503 instead of hanging: opening a connection, and each statement.
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      statement_timeout: statementTimeoutMs,
      keepAlive: true,
    },
  };
}
