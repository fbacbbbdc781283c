import {
  DomainError,
  FieldProblem,
  ValidationError,
} from '../../../common/domain/domain-error';

export const UsageErrorCode = {
  invalidUsage: 'usage.invalid',
  unknownOrganization: 'usage.unknown_organization',
  unknownModel: 'usage.unknown_model',
  userNotInOrganization: 'usage.user_not_in_organization',
  requestIdConflict: 'usage.request_id_conflict',
  invalidImport: 'usage.invalid_import',
  storageUnavailable: 'usage.storage_unavailable',
  collectionStopped: 'usage.collection_stopped',
} as const;

/** A usage command whose fields break a rule; each detail names one field. */
export class InvalidUsageError extends ValidationError {
  constructor(details: FieldProblem[]) {
    super(UsageErrorCode.invalidUsage, details);
  }
}

export class UnknownOrganizationError extends DomainError {
  constructor(organizationId: string) {
    super(
      UsageErrorCode.unknownOrganization,
      'not_found',
      `Organization ${organizationId} not found`,
    );
  }
}

/** The model is not in the catalog, so the usage cannot be priced. */
export class UnknownModelError extends DomainError {
  constructor(modelId: string, field = 'modelId') {
    super(
      UsageErrorCode.unknownModel,
      'invalid',
      `Model ${modelId} not found in the catalog`,
      [
        {
          field,
          message: `model ${modelId} not found; use a catalog model id`,
        },
      ],
    );
  }
}

export class UserNotInOrganizationError extends DomainError {
  constructor(userId: string, organizationId: string, field = 'userId') {
    super(
      UsageErrorCode.userNotInOrganization,
      'invalid',
      `User ${userId} is not a member of organization ${organizationId}`,
      [
        {
          field,
          message: `user ${userId} not found in organization ${organizationId}; use a member's id or null`,
        },
      ],
    );
  }
}

/** The request id was already collected in the organization with other content. */
export class RequestIdConflictError extends DomainError {
  constructor(requestId: string, differingFields: string[]) {
    super(
      UsageErrorCode.requestIdConflict,
      'conflict',
      `Request id ${requestId} was already collected with a different ${differingFields.join(', ')}`,
      differingFields.map((field) => ({
        field,
        message: `differs from the usage already stored for request id ${requestId}; use a new request id`,
      })),
    );
  }
}

/** An import that cannot start: a bad header, or no members to attribute rows to. */
export class InvalidImportError extends ValidationError {
  constructor(field: string, message: string) {
    super(UsageErrorCode.invalidImport, [{ field, message }]);
  }
}

/**
 * The database could not be reached or ran out of a resource such as disk
 * space, so the usage may not have been stored.
 */
export class UsageStorageUnavailableError extends DomainError {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(
      UsageErrorCode.storageUnavailable,
      'unavailable',
      `Usage storage is unavailable (${reason}); retry with the same request id`,
    );
    this.cause = options.cause;
  }
}

/** Collection was called after the application began to shut down. */
export class UsageCollectionStoppedError extends DomainError {
  constructor() {
    super(
      UsageErrorCode.collectionStopped,
      'unavailable',
      'Usage collection has stopped because the application is shutting down; retry against a running instance',
    );
  }
}
