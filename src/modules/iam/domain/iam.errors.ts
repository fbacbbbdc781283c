import { DomainError } from '../../../common/domain/domain-error';

export const IamErrorCode = {
  invalidCredentials: 'iam.invalid_credentials',
  invalidToken: 'iam.invalid_token',
  forbidden: 'iam.forbidden',
  organizationNotFound: 'iam.organization_not_found',
  userNotFound: 'iam.user_not_found',
  emailTaken: 'iam.email_taken',
  organizationNameTaken: 'iam.organization_name_taken',
  selfDeactivation: 'iam.self_deactivation',
  actorDeactivated: 'iam.actor_deactivated',
  tooManyLoginAttempts: 'iam.too_many_login_attempts',
} as const;

/** Wrong email or password. The message does not tell which of the two. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(
      IamErrorCode.invalidCredentials,
      'unauthenticated',
      'Invalid email or password',
    );
  }
}

/**
 * Too many login attempts from one address or for one email. The message
 * is the same for both limits and for known and unknown emails.
 */
export class TooManyLoginAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      IamErrorCode.tooManyLoginAttempts,
      'rate_limited',
      `Too many login attempts; retry in ${retryAfterSeconds} seconds`,
    );
  }
}

export class InvalidTokenError extends DomainError {
  constructor(reason: string) {
    super(IamErrorCode.invalidToken, 'unauthenticated', reason);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(IamErrorCode.forbidden, 'forbidden', message);
  }
}

/** No organization has the id. Every route names it in the path as `orgId`. */
export class OrganizationNotFoundError extends DomainError {
  constructor(organizationId: string) {
    super(
      IamErrorCode.organizationNotFound,
      'not_found',
      `Organization ${organizationId} not found`,
      [
        {
          field: 'orgId',
          message: `names no organization; GET /api/super-admin/organizations lists them`,
        },
      ],
    );
  }
}

/** No user has the id. The routes name it in the path as `userId`. */
export class UserNotFoundError extends DomainError {
  constructor(userId: string) {
    super(IamErrorCode.userNotFound, 'not_found', `User ${userId} not found`, [
      {
        field: 'userId',
        message: `names no user; GET /api/super-admin/global-usage/users lists every user`,
      },
    ]);
  }
}

export class EmailTakenError extends DomainError {
  constructor(email: string) {
    super(
      IamErrorCode.emailTaken,
      'conflict',
      `A user with email ${email} already exists`,
      [{ field: 'email', message: 'is already in use; choose another email' }],
    );
  }
}

export class OrganizationNameTakenError extends DomainError {
  constructor(name: string) {
    super(
      IamErrorCode.organizationNameTaken,
      'conflict',
      `An organization named "${name}" already exists`,
      [{ field: 'name', message: 'is already in use; choose another name' }],
    );
  }
}

/** A super admin tried to deactivate its own account, which would lock it out. */
/**
 * The super admin making a request was deactivated, or lost the role,
 * while it ran. Two super admins who deactivate each other at once would
 * otherwise both succeed and leave the platform without one.
 */
export class ActorDeactivatedError extends DomainError {
  constructor(actorUserId: string) {
    super(
      IamErrorCode.actorDeactivated,
      'conflict',
      `User ${actorUserId}, the caller, is no longer an active super admin, so it cannot deactivate users`,
    );
  }
}

export class SelfDeactivationError extends DomainError {
  constructor(userId: string) {
    super(
      IamErrorCode.selfDeactivation,
      'conflict',
      `User ${userId} is the caller: a super admin cannot deactivate their own account, so ask another super admin`,
    );
  }
}
