import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Maximum number of distinct texts one instance prepares; later texts run unnamed. */
export const MAX_PREPARED_TEXTS = 500;

const logger = new Logger('PreparedStatements');

/**
 * Runs statements as named prepared statements on the pool behind
 * TypeORM, and returns the same rows as dataSource.query. Each connection
 * parses a text once and PostgreSQL may reuse its plan, which saves
 * planning the long rollup queries on every dashboard call.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  /**
   * Uses `ownPool` when given, else the pool behind TypeORM, which the
   * DataSource creates only when it connects.
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly ownPool?: Pool,
  ) {}

  async query<Row extends QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<Row[]> {
    const result = await this.pool().query<Row>({
      name: this.nameOf(text),
      text,
      values,
    });

    return result.rows;
  }

  /**
   * Names a text by its hash, so that one name never maps to two texts.
   * Connections keep their prepared statements until they close, which is
   * why the number of texts is capped.
   */
  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_PREPARED_TEXTS) {
      return known;
    }

    const name = `s${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    this.names.set(text, name);

    return name;
  }

  private pool(): Pool {
    return (
      this.ownPool ??
      ((this.dataSource.driver as PostgresDriver).master as Pool)
    );
  }
}

/**
 * Opens a pool of up to `size` connections beside TypeORM's, with its
 * settings, on which PostgreSQL plans each prepared statement once, for
 * any values (plan_cache_mode = force_generic_plan). By default it may plan
 * a statement again for the values of every execution. The caller ends
 * the pool.
 */
export function openGenericPlanPool(
  dataSource: DataSource,
  size: number,
): Pool {
  const options = dataSource.options as PostgresDataSourceOptions;
  const pool = new Pool({
    ...(options.extra as Record<string, unknown>),
    connectionString: options.url,
    max: size,
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // The pool drops an idle connection that fails, such as one the server
  // ended, and the next query opens a new one. Without a listener, the
  // error would end the process.
  pool.on('error', (error) =>
    logger.debug(
      `Dropped a failed idle connection of a generic-plan pool: ${error.message}`,
    ),
  );

  return pool;
}
