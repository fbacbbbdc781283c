import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthenticateUseCase } from '../../application/authenticate.use-case';
import { AuthenticatedUser } from '../../domain/authenticated-user';
import { ForbiddenError, InvalidTokenError } from '../../domain/iam.errors';
import { OrgRole, SystemRole } from '../../domain/user';
import {
  PUBLIC_ROUTE,
  REQUIRED_ORG_ROLE,
  REQUIRED_SYSTEM_ROLE,
} from './auth.decorators';

// HTTP treats the authentication scheme name as case-insensitive (RFC 9110).
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i;

/**
 * Global guard: every route needs a valid bearer token unless marked
 * @Public(). It rejects with 401 before 403, and both run before validation
 * pipes, so a caller without access never learns which parameters are valid.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticate: AuthenticateUseCase,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets))
      return true;

    const request = context
      .switchToHttp()
      .getRequest<Request & { user?: AuthenticatedUser }>();
    const user = await this.authenticate.execute(bearerTokenOf(request));
    request.user = user;

    const orgRole = this.reflector.getAllAndOverride<OrgRole>(
      REQUIRED_ORG_ROLE,
      targets,
    );
    if (orgRole !== undefined && user.orgRole !== orgRole) {
      throw new ForbiddenError(
        `This route requires the organization role ${orgRole}`,
      );
    }

    const systemRole = this.reflector.getAllAndOverride<SystemRole>(
      REQUIRED_SYSTEM_ROLE,
      targets,
    );
    if (systemRole !== undefined && user.systemRole !== systemRole) {
      throw new ForbiddenError(
        `This route requires the system role ${systemRole}`,
      );
    }

    return true;
  }
}

function bearerTokenOf(request: Request): string {
  // Node keeps the first of repeated Authorization headers, while a proxy
  // in front may pass on another, so a request with two is rejected.
  if ((request.headersDistinct.authorization?.length ?? 0) > 1) {
    throw new InvalidTokenError(
      'Authorization header sent more than once; send one "Bearer <accessToken>"',
    );
  }

  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new InvalidTokenError(
      'Missing Authorization header; send "Bearer <accessToken>"',
    );
  }

  const match = BEARER.exec(header);
  if (match === null) {
    throw new InvalidTokenError(
      'Malformed Authorization header; send "Bearer <accessToken>"',
    );
  }

  return match[1];
}
