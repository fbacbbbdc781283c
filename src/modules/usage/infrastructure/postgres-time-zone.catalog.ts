import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TimeZoneCatalog } from '../application/ports/time-zone-catalog';

/**
 * Time zone catalog over pg_timezone_names, keyed by lower-case name. It
 * is loaded on first use and kept for the life of the process, because the
 * list changes only with a server upgrade. No two of its names differ in
 * case alone.
 */
@Injectable()
export class PostgresTimeZoneCatalog extends TimeZoneCatalog {
  private names: Promise<ReadonlyMap<string, string>> | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async canonicalName(name: string): Promise<string | null> {
    this.names ??= this.load();

    try {
      return (await this.names).get(name.toLowerCase()) ?? null;
    } catch (error) {
      // A failed load is retried by the next request instead of cached.
      this.names = undefined;
      throw error;
    }
  }

  private async load(): Promise<ReadonlyMap<string, string>> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT name FROM pg_timezone_names`,
    );

    return new Map(rows.map((row) => [row.name.toLowerCase(), row.name]));
  }
}
