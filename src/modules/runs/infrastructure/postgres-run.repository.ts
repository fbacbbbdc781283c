import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import { RunRepository } from '../application/ports/run.repository';
import {
  NewRun,
  Run,
  RunFailure,
  RunOutcome,
  RunStatus,
  RunSuccess,
} from '../domain/run';

interface RunRow {
  id: string;
  organization_id: string;
  user_id: string;
  model_id: string;
  idempotency_key: string | null;
  input_digest: string | null;
  status: RunStatus;
  /** bigint columns arrive as strings. */
  input_tokens: string | null;
  output_tokens: string | null;
  total_tokens: string | null;
  cost: string | null;
  currency: string | null;
  error_message: string | null;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
}

const RUN_COLUMNS = `id, organization_id, user_id, model_id, idempotency_key,
  input_digest, status,
  input_tokens, output_tokens, total_tokens, cost, currency, error_message,
  started_at, finished_at, duration_ms`;

function countOf(value: string | null): number | null {
  return value === null ? null : toSafeInteger(value);
}

function toRun(row: RunRow): Run {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    modelId: row.model_id,
    idempotencyKey: row.idempotency_key,
    inputDigest: row.input_digest,
    status: row.status,
    inputTokens: countOf(row.input_tokens),
    outputTokens: countOf(row.output_tokens),
    totalTokens: countOf(row.total_tokens),
    cost: row.cost,
    currency: row.currency,
    errorMessage: row.error_message,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
  };
}

@Injectable()
export class PostgresRunRepository extends RunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async insertUnlessKeyTaken(run: NewRun): Promise<boolean> {
    // A concurrent insert with the same key waits for the first to commit
    // and then inserts nothing, so exactly one request gets a row back.
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO runs (id, organization_id, user_id, model_id, idempotency_key,
                         input_digest, status, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'running', $7)
       ON CONFLICT ON CONSTRAINT runs_idempotency_key DO NOTHING
       RETURNING id`,
      [
        run.id,
        run.organizationId,
        run.userId,
        run.modelId,
        run.idempotencyKey,
        run.inputDigest,
        run.startedAt,
      ],
    );

    return rows.length === 1;
  }

  async findByIdempotencyKey(
    userId: string,
    idempotencyKey: string,
  ): Promise<Run | null> {
    const rows: RunRow[] = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE user_id = $1 AND idempotency_key = $2`,
      [userId, idempotencyKey],
    );

    return rows.length === 0 ? null : toRun(rows[0]);
  }

  async findInOrganization(
    runId: string,
    organizationId: string,
  ): Promise<Run | null> {
    const rows: RunRow[] = await this.dataSource.query(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1 AND organization_id = $2`,
      [runId, organizationId],
    );

    return rows.length === 0 ? null : toRun(rows[0]);
  }

  markSucceeded(runId: string, success: RunSuccess): Promise<Run> {
    return this.finish(
      runId,
      `status = 'succeeded', input_tokens = $2, output_tokens = $3,
       total_tokens = $4, cost = $5, currency = $6, finished_at = $7,
       duration_ms = $8`,
      [
        success.inputTokens,
        success.outputTokens,
        success.totalTokens,
        success.cost,
        success.currency,
        success.finishedAt,
        success.durationMs,
      ],
    );
  }

  markFailed(runId: string, failure: RunFailure): Promise<Run> {
    return this.finish(
      runId,
      `status = 'failed', error_message = $2, finished_at = $3, duration_ms = $4`,
      [failure.errorMessage, failure.finishedAt, failure.durationMs],
    );
  }

  async finishIfRunning(runId: string, outcome: RunOutcome): Promise<Run> {
    try {
      return outcome.status === 'succeeded'
        ? await this.markSucceeded(runId, outcome.success)
        : await this.markFailed(runId, outcome.failure);
    } catch (error) {
      const [row] = await this.dataSource.query<RunRow[]>(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1`,
        [runId],
      );
      if (row === undefined || row.status === 'running') throw error;

      return toRun(row);
    }
  }

  /** Updates a running run; `assignments` use $2 onwards for `values`. */
  private async finish(
    runId: string,
    assignments: string,
    values: unknown[],
  ): Promise<Run> {
    // The CTE makes TypeORM return the rows alone: for a bare UPDATE it
    // returns a [rows, rowCount] pair.
    const rows: RunRow[] = await this.dataSource.query(
      `WITH finished AS (
         UPDATE runs SET ${assignments}
         WHERE id = $1 AND status = 'running'
         RETURNING ${RUN_COLUMNS}
       )
       SELECT * FROM finished`,
      [runId, ...values],
    );
    if (rows.length === 0) {
      throw new Error(`Run ${runId} is not running, so it cannot finish`);
    }

    return toRun(rows[0]);
  }
}
