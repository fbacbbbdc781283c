import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../domain/authenticated-user';
import { InvalidTokenError } from '../domain/iam.errors';
import { isActive } from '../domain/user';
import { TokenService } from './ports/token-service';
import { UserRepository } from './ports/user.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolves an access token to its user. The user comes from the user
 * repository on every request, not from the token, so deactivation and
 * role changes apply without waiting for the token to expire.
 */
@Injectable()
export class AuthenticateUseCase {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
  ) {}

  async execute(accessToken: string): Promise<AuthenticatedUser> {
    const claims = this.tokens.verify(accessToken);
    if (!UUID.test(claims.userId))
      throw new InvalidTokenError('The access token is invalid');

    const user = await this.users.findById(claims.userId);
    if (user === null || user.organizationId !== claims.organizationId) {
      throw new InvalidTokenError('The access token is invalid');
    }
    if (!isActive(user)) {
      throw new InvalidTokenError('The user is deactivated');
    }

    return {
      userId: user.id,
      organizationId: user.organizationId,
      email: user.email,
      orgRole: user.orgRole,
      systemRole: user.systemRole,
    };
  }
}
