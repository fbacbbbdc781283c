import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AuthenticatedUser } from '../../domain/authenticated-user';
import { OrgRole, SystemRole } from '../../domain/user';
import { ErrorBodyDto } from '../../../../common/http/error-body';

export const PUBLIC_ROUTE = 'iam:public';
export const REQUIRED_ORG_ROLE = 'iam:org-role';
export const REQUIRED_SYSTEM_ROLE = 'iam:system-role';
export const AUTHENTICATED_ROUTE = 'iam:authenticated';

/** Marks a route that needs no access token. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

const documentAuth = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      type: ErrorBodyDto,
      description: 'Missing or invalid token',
    }),
    ApiForbiddenResponse({
      type: ErrorBodyDto,
      description: 'Role not allowed',
    }),
  );

/** Requires the caller's role in their own organization. */
export const RequireOrgRole = (role: OrgRole) =>
  applyDecorators(SetMetadata(REQUIRED_ORG_ROLE, role), documentAuth());

/** Requires a platform-wide role such as `super_admin`. */
export const RequireSystemRole = (role: SystemRole) =>
  applyDecorators(SetMetadata(REQUIRED_SYSTEM_ROLE, role), documentAuth());

/**
 * Marks a route open to any signed-in user. The guard requires a token on every
 * route that is not public anyway. The mark lets the route table test tell
 * a deliberate choice from a forgotten decorator.
 */
export const Authenticated = () =>
  applyDecorators(SetMetadata(AUTHENTICATED_ROUTE, true), documentAuth());

/** The signed-in caller, set by AuthGuard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
