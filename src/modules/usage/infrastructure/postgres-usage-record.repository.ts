import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { QueryResultRow } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import {
  isConnectionError,
  isRetryableTransactionError,
} from '../../../common/persistence/postgres-errors';
import { PreparedStatements } from '../../../common/persistence/prepared-statements';
import {
  StoreUsageResult,
  UsageDraftOutcome,
  UsageRecordRepository,
} from '../application/ports/usage-record.repository';
import { UsageDraft } from '../domain/usage-draft';
import { UsageRecord } from '../domain/usage-record';
import { UsageStorageUnavailableError } from '../domain/usage.errors';
import {
  CheckedRow,
  keyOf,
  missingReferenceOf,
  outcomeOf,
  toRecord,
  toStoreResult,
  UsageRow,
} from './usage-record.rows';
import {
  INSERT_USAGE_BATCH,
  SELECT_USAGE_BY_REQUEST_IDS,
} from './usage-record.sql';

/** Runs one statement: in a transaction, or on any pooled connection. */
type RunQuery = <Row extends QueryResultRow>(
  text: string,
  values: unknown[],
) => Promise<Row[]>;

/** Carries the result of an all-or-nothing batch out of its rolled-back transaction. */
class RollbackWithResult extends Error {
  constructor(readonly result: StoreUsageResult) {
    super('Rolled back a usage batch with a missing reference');
  }
}

@Injectable()
export class PostgresUsageRecordRepository extends UsageRecordRepository {
  private readonly logger = new Logger(PostgresUsageRecordRepository.name);
  private readonly prepared: PreparedStatements;

  /**
   * Runs a statement outside a transaction as a prepared statement, so the
   * batch insert, which every collection runs, is parsed and planned once
   * per connection instead of once per batch.
   */
  private readonly runPrepared: RunQuery;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.prepared = new PreparedStatements(dataSource);
    this.runPrepared = (text, values) => this.prepared.query(text, values);
  }

  async store(drafts: UsageDraft[]): Promise<StoreUsageResult> {
    if (drafts.length === 0) return { kind: 'stored', records: [] };

    // One draft is one statement, atomic without a transaction. A batch
    // needs one, so that a missing reference or a conflict undoes the
    // drafts inserted beside it.
    if (drafts.length === 1) {
      return this.retrying(drafts.length, async () =>
        toStoreResult(drafts, await this.outcomesOf(this.runPrepared, drafts)),
      );
    }

    return this.retrying(drafts.length, () => this.storeAll(drafts));
  }

  async storeEach(drafts: UsageDraft[]): Promise<UsageDraftOutcome[]> {
    if (drafts.length === 0) return [];

    return this.retrying(drafts.length, () =>
      this.outcomesOf(this.runPrepared, drafts),
    );
  }

  private async storeAll(drafts: UsageDraft[]): Promise<StoreUsageResult> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const outcomes = await this.outcomesOf(
          (text, values) => manager.query(text, values),
          drafts,
        );
        const result = toStoreResult(drafts, outcomes);
        if (result.kind !== 'stored') throw new RollbackWithResult(result);

        return result;
      });
    } catch (error) {
      if (error instanceof RollbackWithResult) return error.result;
      throw error;
    }
  }

  /**
   * Runs `work`, and once more after a deadlock or a serialization failure,
   * which roll back everything `work` wrote. Reports an unreachable database
   * as UsageStorageUnavailableError.
   */
  private async retrying<T>(
    draftCount: number,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!isRetryableTransactionError(error)) throw unavailableOr(error);

      this.logger.warn(
        `Storing ${draftCount} usage drafts failed (${String(error)}); retrying once`,
      );
    }

    try {
      return await work();
    } catch (error) {
      throw unavailableOr(error);
    }
  }

  private async outcomesOf(
    query: RunQuery,
    drafts: UsageDraft[],
  ): Promise<UsageDraftOutcome[]> {
    const rows = await query<CheckedRow>(INSERT_USAGE_BATCH, [
      drafts.map((draft) => draft.organizationId),
      drafts.map((draft) => draft.userId),
      drafts.map((draft) => draft.modelId),
      drafts.map((draft) => draft.inputTokens),
      drafts.map((draft) => draft.outputTokens),
      drafts.map((draft) => draft.requestId),
      drafts.map((draft) => draft.occurredAt ?? null),
    ]);

    const skipped = drafts.filter(
      (_, position) =>
        rows[position].id === null &&
        missingReferenceOf(rows[position]) === undefined,
    );
    const existing = await this.findExisting(query, skipped);

    return drafts.map((draft, position) =>
      outcomeOf(draft, rows[position], existing),
    );
  }

  /**
   * Reads the records that skipped drafts collided with. This statement
   * takes a new snapshot, so it sees a concurrent insert that ON CONFLICT
   * waited for.
   */
  private async findExisting(
    query: RunQuery,
    drafts: UsageDraft[],
  ): Promise<Map<string, UsageRecord>> {
    if (drafts.length === 0) return new Map();

    const rows = await query<UsageRow>(SELECT_USAGE_BY_REQUEST_IDS, [
      drafts.map((draft) => draft.organizationId),
      drafts.map((draft) => draft.requestId),
    ]);

    return new Map(
      rows.map((row) => [
        keyOf(row.organization_id, row.request_id),
        toRecord(row),
      ]),
    );
  }
}

/**
 * Returns UsageStorageUnavailableError for a connection failure or a lack
 * of server resources (SQLSTATE class 53, such as disk_full or
 * too_many_connections), else the error itself.
 */
function unavailableOr(error: unknown): unknown {
  if (!isConnectionError(error) && !isInsufficientResources(error)) {
    return error;
  }

  return new UsageStorageUnavailableError(String(error), { cause: error });
}

function isInsufficientResources(error: unknown): boolean {
  const driverError: unknown =
    error instanceof QueryFailedError ? error.driverError : error;
  const code = (driverError as { code?: unknown } | null)?.code;

  return typeof code === 'string' && code.startsWith('53');
}
