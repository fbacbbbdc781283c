import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Maximum number of distinct texts one instance prepares; later texts run unnamed. */
export const MAX_PREPARED_TEXTS = 500;

/**
 * Runs statements as named prepared statements on the pool behind
 * TypeORM, and returns the same rows as dataSource.query. Each connection
 * parses a text once and PostgreSQL may reuse its plan, which saves
 * planning the long rollup queries on every dashboard call.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

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
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }
}
