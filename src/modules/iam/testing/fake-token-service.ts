import {
  AccessTokenClaims,
  IssuedToken,
  TokenService,
} from '../application/ports/token-service';
import { InvalidTokenError } from '../domain/iam.errors';

/** Tokens of the form `token:<userId>:<organizationId>`, never expiring. */
export class FakeTokenService extends TokenService {
  issue(claims: AccessTokenClaims): IssuedToken {
    return {
      accessToken: `token:${claims.userId}:${claims.organizationId}`,
      expiresIn: 3600,
    };
  }

  verify(token: string): AccessTokenClaims {
    const [scheme, userId, organizationId] = token.split(':');
    if (scheme !== 'token' || organizationId === undefined) {
      throw new InvalidTokenError('The access token is invalid');
    }

    return { userId, organizationId };
  }
}
