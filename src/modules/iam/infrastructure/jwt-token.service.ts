import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
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
  /**
   * The secret as a key object, built once: given a string, jsonwebtoken
   * first tries to parse it as a PEM public key on every verify, which
   * costs more than the HMAC itself.
   */
  private readonly key: KeyObject;

  constructor(@Inject(APP_SETTINGS) private readonly settings: AppSettings) {
    super();
    this.key = createSecretKey(Buffer.from(settings.jwtSecret, 'utf8'));
  }

  issue(claims: AccessTokenClaims): IssuedToken {
    const payload: TokenPayload = {
      sub: claims.userId,
      org: claims.organizationId,
    };
    const accessToken = jwt.sign(payload, this.key, {
      algorithm: ALGORITHM,
      expiresIn: this.settings.jwtExpiresInSeconds,
    });

    return { accessToken, expiresIn: this.settings.jwtExpiresInSeconds };
  }

  verify(token: string): AccessTokenClaims {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.key, {
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

    // jwt.verify accepts a token without exp, which would never expire.
    // Every token this service issues has one.
    const { sub, org, exp } = (payload ?? {}) as Partial<
      TokenPayload & { exp: number }
    >;
    if (
      typeof sub !== 'string' ||
      typeof org !== 'string' ||
      typeof exp !== 'number'
    ) {
      throw new InvalidTokenError('The access token is invalid');
    }

    return { userId: sub, organizationId: org };
  }
}
