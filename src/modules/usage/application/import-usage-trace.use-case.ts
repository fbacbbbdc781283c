import { Injectable } from '@nestjs/common';
import { ModelCatalog } from '../../models/application/ports/model-catalog';
import { OrganizationRepository } from '../../iam/application/ports/organization.repository';
import { UserRepository } from '../../iam/application/ports/user.repository';
import { User } from '../../iam/domain/user';
import {
  AZURE_LLM_TRACE_HEADER,
  parseAzureTraceRow,
  traceRequestId,
} from '../domain/azure-llm-trace';
import {
  InvalidImportError,
  UnknownModelError,
  UnknownOrganizationError,
} from '../domain/usage.errors';
import { CollectUsageCommand } from './collect-usage.command';
import { CollectUsageUseCase } from './collect-usage.use-case';
import {
  ImportProgress,
  ImportSummary,
  ImportUsageTraceCommand,
} from './import-usage-trace.command';

const DEFAULT_BATCH_SIZE = 1000;

/**
 * Imports an Azure LLM inference trace as usage of one organization and
 * model. Data row i (from 0, malformed rows included) goes to member
 * i mod N in email order, and its request id hashes source, index and text,
 * so importing a file again, or with rows appended, stores only new rows.
 */
@Injectable()
export class ImportUsageTraceUseCase {
  constructor(
    private readonly collectUsage: CollectUsageUseCase,
    private readonly organizations: OrganizationRepository,
    private readonly users: UserRepository,
    private readonly models: ModelCatalog,
  ) {}

  async execute(command: ImportUsageTraceCommand): Promise<ImportSummary> {
    const startedAt = Date.now();
    const members = await this.attributedMembers(command);
    if ((await this.models.findById(command.modelId)) === null) {
      throw new UnknownModelError(command.modelId);
    }

    const progress = emptyProgress();
    const batch: CollectUsageCommand[] = [];
    const batchSize = command.batchSize ?? DEFAULT_BATCH_SIZE;
    let lineNumber = 0;

    for await (const rawLine of command.lines) {
      lineNumber += 1;
      const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      if (lineNumber === 1) {
        checkHeader(line);
        continue;
      }

      const usage = toUsageCommand(command, members, progress, line);
      if (typeof usage === 'string') {
        command.onMalformedRow?.({ lineNumber, reason: usage });
        continue;
      }

      batch.push(usage);
      if (batch.length >= batchSize) await this.flush(batch, progress, command);
    }
    if (lineNumber === 0) checkHeader(undefined);
    await this.flush(batch, progress, command);

    return { ...progress, durationMs: Date.now() - startedAt };
  }

  /**
   * Loads the first N members in email order, checking the organization
   * and N.
   *
   * NOTE: attribution follows the members at import time. When the list
   * changed since a file was imported, importing it again raises
   * RequestIdConflictError at the first stored row whose member moved.
   */
  private async attributedMembers(
    command: ImportUsageTraceCommand,
  ): Promise<User[]> {
    const organization = await this.organizations.findById(
      command.organizationId,
    );
    if (organization === null) {
      throw new UnknownOrganizationError(command.organizationId);
    }

    const members = await this.users.listByOrganization(organization.id);
    if (members.length === 0) {
      throw new InvalidImportError(
        'organizationId',
        `has no members to attribute usage to; add a user to organization ${organization.id} first`,
      );
    }

    const count = command.users ?? members.length;
    if (!Number.isSafeInteger(count) || count < 1 || count > members.length) {
      throw new InvalidImportError(
        'users',
        `must be a whole number from 1 to ${members.length}, the member count of organization ${organization.id}`,
      );
    }

    return members.slice(0, count);
  }

  /** Collects the batch, adds its counts to the progress and empties it. */
  private async flush(
    batch: CollectUsageCommand[],
    progress: ImportProgress,
    command: ImportUsageTraceCommand,
  ): Promise<void> {
    const results = await this.collectUsage.executeBatch(batch);
    batch.length = 0;

    for (const result of results) {
      if (!result.created) {
        progress.alreadyPresent += 1;
        continue;
      }
      progress.imported += 1;
      progress.inputTokens += result.inputTokens;
      progress.outputTokens += result.outputTokens;
    }

    command.onProgress?.({ ...progress });
  }
}

function emptyProgress(): ImportProgress {
  return {
    rowsRead: 0,
    imported: 0,
    alreadyPresent: 0,
    malformed: 0,
    inputTokens: 0,
    outputTokens: 0,
  };
}

function checkHeader(line: string | undefined): void {
  const header = line?.replace(/^\uFEFF/, '').trim();
  if (header === AZURE_LLM_TRACE_HEADER) return;

  throw new InvalidImportError(
    'file',
    line === undefined
      ? `is empty; expected the header ${AZURE_LLM_TRACE_HEADER}`
      : `has the header "${line}"; expected ${AZURE_LLM_TRACE_HEADER}`,
  );
}

/**
 * Counts one data row and returns its collection command, or the reason it
 * is malformed.
 */
function toUsageCommand(
  command: ImportUsageTraceCommand,
  members: User[],
  progress: ImportProgress,
  line: string,
): CollectUsageCommand | string {
  const index = progress.rowsRead;
  progress.rowsRead += 1;

  const parsed = parseAzureTraceRow(line);
  if (!parsed.valid) {
    progress.malformed += 1;
    return parsed.reason;
  }

  return {
    organizationId: command.organizationId,
    userId: members[index % members.length].id,
    modelId: command.modelId,
    inputTokens: parsed.row.inputTokens,
    outputTokens: parsed.row.outputTokens,
    requestId: traceRequestId(command.source, index, line),
    occurredAt: parsed.row.occurredAt,
  };
}
