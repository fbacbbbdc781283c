/** The claims the service puts in an access token. */
export interface AccessTokenClaims {
  userId: string;
  organizationId: string;
}

export interface IssuedToken {
  accessToken: string;
  /** Lifetime in seconds. */
  expiresIn: number;
}

/** Issues and verifies access tokens (HS256 JWTs in the adapter). */
export abstract class TokenService {
  abstract issue(claims: AccessTokenClaims): IssuedToken;

  /** Throws InvalidTokenError for a malformed, tampered or expired token. */
  abstract verify(token: string): AccessTokenClaims;
}
