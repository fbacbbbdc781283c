import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { formatAmount } from '../../../common/domain/money';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import {
  MissingReference,
  StoredUsage,
  StoreUsageResult,
  UsageRecordRepository,
} from '../application/ports/usage-record.repository';
import { UsageDraft } from '../domain/usage-draft';
import { differingFields, UsageRecord } from '../domain/usage-record';
import { RequestIdConflictError } from '../domain/usage.errors';
import {
  INSERT_USAGE_BATCH,
  SELECT_USAGE_BY_REQUEST_IDS,
} from './usage-record.sql';

interface UsageRow {
  id: string;
  organization_id: string;
  user_id: string | null;
  model_id: string;
  provider: string;
  model_name: string;
  input_tokens: string;
  output_tokens: string;
  total_tokens: string;
  cost: string | null;
  currency: string;
  request_id: string;
  created_at: Date;
}

/** A row of INSERT_USAGE_BATCH: the usage columns are null when nothing was inserted. */
type CheckedRow = { [column in keyof UsageRow]: UsageRow[column] | null } & {
  position: string;
  organization_found: boolean;
  model_found: boolean;
  user_found: boolean;
};

type Queryable = Pick<DataSource | EntityManager, 'query'>;

function toRecord(row: UsageRow): UsageRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    modelId: row.model_id,
    provider: row.provider,
    modelName: row.model_name,
    inputTokens: toSafeInteger(row.input_tokens),
    outputTokens: toSafeInteger(row.output_tokens),
    totalTokens: toSafeInteger(row.total_tokens),
    cost: row.cost === null ? null : formatAmount(row.cost),
    currency: row.currency,
    requestId: row.request_id,
    createdAt: row.created_at,
  };
}

function missingReferencesOf(rows: CheckedRow[]): MissingReference[] {
  return rows.flatMap((row, position): MissingReference[] => {
    if (!row.organization_found) return [{ position, field: 'organizationId' }];
    if (!row.model_found) return [{ position, field: 'modelId' }];
    if (!row.user_found) return [{ position, field: 'userId' }];
    return [];
  });
}

const keyOf = (organizationId: string, requestId: string) =>
  `${organizationId} ${requestId}`;

@Injectable()
export class PostgresUsageRecordRepository extends UsageRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async store(drafts: UsageDraft[]): Promise<StoreUsageResult> {
    if (drafts.length === 0) return { kind: 'stored', records: [] };

    // One draft is one statement, atomic without a transaction; a batch
    // needs one so that a conflict found after the insert undoes it.
    if (drafts.length === 1) return this.storeWith(this.dataSource, drafts);

    return this.dataSource.transaction((manager) =>
      this.storeWith(manager, drafts),
    );
  }

  private async storeWith(
    queryable: Queryable,
    drafts: UsageDraft[],
  ): Promise<StoreUsageResult> {
    const rows: CheckedRow[] = await queryable.query(INSERT_USAGE_BATCH, [
      drafts.map((draft) => draft.organizationId),
      drafts.map((draft) => draft.userId),
      drafts.map((draft) => draft.modelId),
      drafts.map((draft) => draft.inputTokens),
      drafts.map((draft) => draft.outputTokens),
      drafts.map((draft) => draft.requestId),
      drafts.map((draft) => draft.occurredAt ?? null),
    ]);

    const missing = missingReferencesOf(rows);
    if (missing.length > 0) return { kind: 'missing_references', missing };

    const skipped = drafts.filter((_, position) => rows[position].id === null);
    const existing = await this.findExisting(queryable, skipped);
    const records = drafts.map((draft, position): StoredUsage => {
      if (rows[position].id !== null) {
        return { record: toRecord(rows[position] as UsageRow), created: true };
      }

      return { record: this.matchExisting(draft, existing), created: false };
    });

    return { kind: 'stored', records };
  }

  /**
   * Reads the records that skipped drafts collided with. This statement
   * takes a new snapshot, so it sees a concurrent insert that ON CONFLICT
   * waited for.
   */
  private async findExisting(
    queryable: Queryable,
    drafts: UsageDraft[],
  ): Promise<Map<string, UsageRecord>> {
    if (drafts.length === 0) return new Map();

    const rows: UsageRow[] = await queryable.query(
      SELECT_USAGE_BY_REQUEST_IDS,
      [
        drafts.map((draft) => draft.organizationId),
        drafts.map((draft) => draft.requestId),
      ],
    );

    return new Map(
      rows.map((row) => [
        keyOf(row.organization_id, row.request_id),
        toRecord(row),
      ]),
    );
  }

  private matchExisting(
    draft: UsageDraft,
    existing: Map<string, UsageRecord>,
  ): UsageRecord {
    const record = existing.get(keyOf(draft.organizationId, draft.requestId));
    if (record === undefined) {
      throw new Error(
        `Usage with request id ${draft.requestId} collided on insert but was not found afterwards`,
      );
    }

    const fields = differingFields(draft, record);
    if (fields.length > 0) {
      throw new RequestIdConflictError(draft.requestId, fields);
    }

    return record;
  }
}
