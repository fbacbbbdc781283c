import { DataSource } from 'typeorm';

/** Row count and content digest of every table in the public schema. */
export type TableSnapshot = Record<string, { rows: number; digest: string }>;

/**
 * Reads each table's row count and an md5 of all its rows in a fixed
 * order, so any insert, update or delete shows as a difference.
 */
export async function snapshotTables(
  dataSource: DataSource,
): Promise<TableSnapshot> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      ORDER BY table_name COLLATE "C"`,
  );
  const snapshot: TableSnapshot = {};
  for (const { name } of tables) {
    // Table names come from the catalog, not from input; quoted as identifiers.
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const rows: { rows: number; digest: string | null }[] =
      await dataSource.query(
        `SELECT count(*)::int AS rows,
                md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C")) AS digest
           FROM ${quoted} t`,
      );
    snapshot[name] = { rows: rows[0].rows, digest: rows[0].digest ?? '' };
  }

  return snapshot;
}
