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
    const stream = client.query(
      new QueryStream(sql.text, sql.values, { batchSize: CURSOR_BATCH_SIZE }),
    );
    const rows = stream[
      Symbol.asyncIterator
    ]() as AsyncIterator<UsageExportRow>;
    let failure: Error | undefined;

    try {
      for (;;) {
        const next = await Promise.race([rows.next(), watch.lost]);
        if (next.done === true) break;
        yield toExportedRecord(next.value);
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      // After a failure the cursor may never confirm a close, so the
      // connection is discarded without one instead of going back to the pool.
      if (failure === undefined) {
        await rows.return?.();
        failure = await closeStream(stream);
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
  /** Rejects when the connection fails or ends; never resolves. */
  lost: Promise<never>;
  stop(): void;
}

/**
 * Watches a checked-out client. When the server drops the connection, the
 * cursor's stream neither ends nor fails (it waits for a close that never
 * comes), so the reader races each read against this. The listener also
 * keeps a connection error from being an uncaught 'error' event, because
 * the pool listens only to idle clients.
 */
function watchConnection(client: PoolClient): ConnectionWatch {
  let reject: (error: Error) => void = () => undefined;
  const lost = new Promise<never>((_resolve, rejectLost) => {
    reject = rejectLost;
  });
  lost.catch(() => undefined);
  const onError = (error: Error) => reject(error);
  const onEnd = () => reject(new Error('Database connection ended'));
  client.on('error', onError);
  client.on('end', onEnd);

  return {
    lost,
    stop: () => {
      client.removeListener('error', onError);
      client.removeListener('end', onEnd);
    },
  };
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
