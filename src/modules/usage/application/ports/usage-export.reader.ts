import { UsageFilters } from '../../domain/usage-query';
import { UsageRange } from '../../domain/usage-range';
import { UsageRecord } from '../../domain/usage-record';
import { UsageScope } from '../../domain/usage-scope';

/** A stored usage record with the email of its user, as exported. */
export interface ExportedUsageRecord extends UsageRecord {
  /** Null when the record has no user. */
  userEmail: string | null;
}

export interface UsageExportQuery {
  scope: UsageScope;
  /** The instants exported; null exports every record in scope. */
  range: UsageRange | null;
  filters: UsageFilters;
}

export abstract class UsageExportReader {
  /**
   * Reads every record of the query ordered by created_at, then id. The
   * reader keeps a database connection from the first `next()` until the
   * iteration ends, fails or is stopped with `return()`, so a caller that
   * starts iterating must finish or stop it.
   */
  abstract read(query: UsageExportQuery): AsyncIterable<ExportedUsageRecord>;
}
