import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { formatAmount } from '../../../common/domain/money';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import {
  ExportedUsageRecord,
  UsageExportQuery,
  UsageExportReader,
} from '../application/ports/usage-export.reader';
import { UsageExportRow, usageExportSql } from './postgres-usage-export.sql';

// Rows fetched per round trip of the cursor; the memory held is about this
// many rows, whatever the number of records exported.
const CURSOR_BATCH_SIZE = 1000;
const CURSOR_CLOSE_TIMEOUT_MS = 5000;

/**
 * Streams the export query from a server-side cursor (pg-query-stream) on a
 * connection of its own, taken from the TypeORM pool and released when the
 * iteration ends, fails or is stopped.
 */
@Injectable()
export class PostgresUsageExportReader extends UsageExportReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async *read(query: UsageExportQuery): AsyncGenerator<ExportedUsageRecord> {
    const sql = usageExportSql(query);
    const client = await this.pool().connect();
    const watch = watchConnection(client);
    let stream: QueryStream | undefined;
    let rows: AsyncIterator<UsageExportRow> | undefined;
    let failure: Error | undefined;

    try {
      // The service's 30 s statement_timeout ended 1M-record exports midway
      // (seen on PostgreSQL 17: it spans the fetches of one portal), so the
      // export lifts it within its own read-only transaction. A client that
      // stops reading is cut off by the HTTP layer (EXPORT_STALL_TIMEOUT_MS).
      await client.query('BEGIN READ ONLY');
      await client.query('SET LOCAL statement_timeout = 0');
      stream = client.query(
        new QueryStream(sql.text, sql.values, { batchSize: CURSOR_BATCH_SIZE }),
      );
      rows = stream[Symbol.asyncIterator]() as AsyncIterator<UsageExportRow>;

      for (;;) {
        const next = await watch.guard(rows.next());
        if (next.done === true) break;
        yield toExportedRecord(next.value);
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      // After a failure the cursor may never confirm a close, so the
      // connection is discarded without one instead of going back to the pool.
      if (failure === undefined && stream !== undefined) {
        await rows?.return?.();
        failure = (await closeStream(stream)) ?? (await commit(client));
      }
      client.release(failure);
      if (failure === undefined) watch.stop();
    }
  }

  private pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }
}

interface ConnectionWatch {
  /** Settles like `pending`, or rejects first when the connection is lost. */
  guard<T>(pending: Promise<T>): Promise<T>;
  stop(): void;
}

/**
 * Watches a checked-out client. When the server drops the connection, the
 * cursor's stream neither ends nor fails (it waits for a close that never
 * comes), so the reader guards each read with this. The listeners also
 * keep a connection error from being an uncaught 'error' event, because
 * the pool listens only to idle clients. Only the pending read is kept,
 * because racing every read against one long-lived promise would keep
 * every row reachable from that promise's reactions.
 */
function watchConnection(client: PoolClient): ConnectionWatch {
  let lostError: Error | undefined;
  let rejectPending: ((error: Error) => void) | undefined;
  const onLost = (error: Error) => {
    lostError ??= error;
    rejectPending?.(lostError);
  };
  const onEnd = () => onLost(new Error('Database connection ended'));
  client.on('error', onLost);
  client.on('end', onEnd);

  return {
    guard: <T>(pending: Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        if (lostError !== undefined) {
          reject(lostError);
          return;
        }
        rejectPending = reject;
        pending.then(resolve, reject).finally(() => {
          rejectPending = undefined;
        });
      }),
    stop: () => {
      client.removeListener('error', onLost);
      client.removeListener('end', onEnd);
    },
  };
}

/** Ends the read-only transaction; resolves with its error, if any. */
async function commit(client: PoolClient): Promise<Error | undefined> {
  try {
    await client.query('COMMIT');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Destroys the stream, which closes the cursor. Resolves with the close
 * error, or a timeout error when the server does not confirm the close.
 */
function closeStream(stream: QueryStream): Promise<Error | undefined> {
  if (stream.closed) return Promise.resolve(stream.errored ?? undefined);

  return new Promise((resolve) => {
    let closeError: Error | undefined;
    const timer = setTimeout(
      () => resolve(new Error('Closing the export cursor timed out')),
      CURSOR_CLOSE_TIMEOUT_MS,
    );
    stream.on('error', (error: Error) => {
      closeError = error;
    });
    stream.once('close', () => {
      clearTimeout(timer);
      resolve(closeError);
    });
    stream.destroy();
  });
}

function toExportedRecord(row: UsageExportRow): ExportedUsageRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    organizationId: row.organization_id,
    userId: row.user_id,
    userEmail: row.user_email,
    modelId: row.model_id,
    modelName: row.model_name,
    provider: row.provider,
    inputTokens: toSafeInteger(row.input_tokens),
    outputTokens: toSafeInteger(row.output_tokens),
    totalTokens: toSafeInteger(row.total_tokens),
    cost: row.cost === null ? null : formatAmount(row.cost),
    currency: row.currency,
    requestId: row.request_id,
  };
}
