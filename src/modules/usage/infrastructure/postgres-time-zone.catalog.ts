import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TimeZoneCatalog } from '../application/ports/time-zone-catalog';

/**
 * The names of pg_timezone_names, loaded on first use and kept for the
 * life of the process: the list changes only with a server upgrade.
 */
@Injectable()
export class PostgresTimeZoneCatalog extends TimeZoneCatalog {
  private names: Promise<ReadonlySet<string>> | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async has(name: string): Promise<boolean> {
    this.names ??= this.load();

    try {
      return (await this.names).has(name);
    } catch (error) {
      // A failed load is retried by the next request instead of cached.
      this.names = undefined;
      throw error;
    }
  }

  private async load(): Promise<ReadonlySet<string>> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT name FROM pg_timezone_names`,
    );

    return new Set(rows.map((row) => row.name));
  }
}
