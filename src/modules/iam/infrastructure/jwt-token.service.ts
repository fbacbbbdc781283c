import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_SETTINGS, AppSettings } from '../../../config/app-settings';
import { InvalidTokenError } from '../domain/iam.errors';
import {
  AccessTokenClaims,
  IssuedToken,
  TokenService,
} from '../application/ports/token-service';

const ALGORITHM = 'HS256';

interface TokenPayload {
  sub: string;
  org: string;
}

/** HS256 JWTs signed with JWT_SECRET; any other algorithm, `none` included, is rejected. */
@Injectable()
export class JwtTokenService extends TokenService {
  constructor(@Inject(APP_SETTINGS) private readonly settings: AppSettings) {
    super();
  }

  issue(claims: AccessTokenClaims): IssuedToken {
    const payload: TokenPayload = {
      sub: claims.userId,
      org: claims.organizationId,
    };
    const accessToken = jwt.sign(payload, this.settings.jwtSecret, {
      algorithm: ALGORITHM,
      expiresIn: this.settings.jwtExpiresInSeconds,
    });

    return { accessToken, expiresIn: this.settings.jwtExpiresInSeconds };
  }

  verify(token: string): AccessTokenClaims {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.settings.jwtSecret, {
        algorithms: [ALGORITHM],
      });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new InvalidTokenError(
          'The access token has expired; sign in again',
        );
      }
      throw new InvalidTokenError('The access token is invalid');
    }

    const { sub, org } = (payload ?? {}) as Partial<TokenPayload>;
    if (typeof sub !== 'string' || typeof org !== 'string') {
      throw new InvalidTokenError('The access token is invalid');
    }

    return { userId: sub, organizationId: org };
  }
}
