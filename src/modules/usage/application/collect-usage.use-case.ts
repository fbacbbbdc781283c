import { Injectable } from '@nestjs/common';
import {
  differingDraftFields,
  normalizeDraft,
  UsageDraft,
  usageDraftProblems,
} from '../domain/usage-draft';
import {
  InvalidUsageError,
  RequestIdConflictError,
  UnknownModelError,
  UnknownOrganizationError,
  UserNotInOrganizationError,
} from '../domain/usage.errors';
import { CollectedUsage, CollectUsageCommand } from './collect-usage.command';
import {
  MissingReference,
  StoredUsage,
  UsageRecordRepository,
} from './ports/usage-record.repository';
import { UsageGroupCommit } from './usage-group-commit';

/**
 * Validates, prices and stores usage records; resolves only after they are
 * committed. A repeat of a request id in the same organization returns the
 * stored record (created: false), or raises RequestIdConflictError when its
 * content differs. Invalid input raises a domain error and stores nothing.
 */
@Injectable()
export class CollectUsageUseCase {
  constructor(
    private readonly records: UsageRecordRepository,
    private readonly groupCommit: UsageGroupCommit,
  ) {}

  /**
   * Collects one record. Concurrent calls share multi-row inserts, but each
   * is checked before it is queued and gets its own result or error.
   */
  async execute(command: CollectUsageCommand): Promise<CollectedUsage> {
    const problems = usageDraftProblems(command);
    if (problems.length > 0) throw new InvalidUsageError(problems);

    const draft = normalizeDraft(command);
    const outcome = await this.groupCommit.submit(draft);

    switch (outcome.kind) {
      case 'stored':
        return { ...outcome.record, created: outcome.created };
      case 'missing_reference':
        throw missingReferenceError(draft, outcome.field, '');
      case 'conflict':
        throw new RequestIdConflictError(
          draft.requestId,
          outcome.differingFields,
        );
    }
  }

  /**
   * Collects many records in one transaction with one multi-row insert.
   * Every command is validated first; field names in errors carry the
   * command's index, as in `commands[3].inputTokens`. Results follow the
   * order of the commands.
   */
  async executeBatch(
    commands: CollectUsageCommand[],
  ): Promise<CollectedUsage[]> {
    if (commands.length === 0) return [];

    return this.collect(commands, (index) => `commands[${index}].`);
  }

  private async collect(
    commands: CollectUsageCommand[],
    prefixOf: (index: number) => string,
  ): Promise<CollectedUsage[]> {
    const problems = commands.flatMap((command, index) =>
      usageDraftProblems(command, prefixOf(index)),
    );
    if (problems.length > 0) throw new InvalidUsageError(problems);

    const drafts = commands.map(normalizeDraft);
    const slots = assignSlots(drafts);
    const firstIndexes = slots.filter((slot, index) => slot === index);

    const result = await this.records.store(
      firstIndexes.map((index) => drafts[index]),
    );
    if (result.kind === 'missing_references') {
      const index = firstIndexes[result.missing[0].position];
      throw missingReferenceError(
        drafts[index],
        result.missing[0].field,
        prefixOf(index),
      );
    }

    const storedByIndex = new Map(
      firstIndexes.map((index, position) => [index, result.records[position]]),
    );

    return slots.map((slot, index) => {
      const stored = storedByIndex.get(slot) as StoredUsage;

      return { ...stored.record, created: stored.created && slot === index };
    });
  }
}

/**
 * Maps each draft to the index of the first draft with its organization and
 * request id, and rejects a repeat whose content differs from that first.
 */
function assignSlots(drafts: UsageDraft[]): number[] {
  const firstIndexByKey = new Map<string, number>();

  return drafts.map((draft, index) => {
    const key = `${draft.organizationId} ${draft.requestId}`;
    const first = firstIndexByKey.get(key);
    if (first === undefined) {
      firstIndexByKey.set(key, index);
      return index;
    }

    const fields = differingDraftFields(drafts[first], draft);
    if (fields.length > 0) {
      throw new RequestIdConflictError(draft.requestId, fields);
    }

    return first;
  });
}

function missingReferenceError(
  draft: UsageDraft,
  field: MissingReference['field'],
  prefix: string,
): Error {
  switch (field) {
    case 'organizationId':
      return new UnknownOrganizationError(draft.organizationId);
    case 'modelId':
      return new UnknownModelError(draft.modelId, `${prefix}modelId`);
    case 'userId':
      return new UserNotInOrganizationError(
        draft.userId as string,
        draft.organizationId,
        `${prefix}userId`,
      );
  }
}
