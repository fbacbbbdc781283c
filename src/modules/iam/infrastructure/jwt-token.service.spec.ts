import jwt from 'jsonwebtoken';
import { AppSettings } from '../../../config/app-settings';
import { InvalidTokenError } from '../domain/iam.errors';
import { JwtTokenService } from './jwt-token.service';

const SECRET = 'unit-test-secret-that-is-32-characters';
const CLAIMS = {
  userId: '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
  organizationId: '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d',
};

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('JwtTokenService', () => {
  const sut = new JwtTokenService({
    jwtSecret: SECRET,
    jwtExpiresInSeconds: 900,
  } as AppSettings);

  const expectRejected = (token: string, message: string) => {
    let caught: unknown;
    try {
      sut.verify(token);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(InvalidTokenError);
    expect((caught as Error).message).toBe(message);
  };

  it('verifies a token it issued', () => {
    const issued = sut.issue(CLAIMS);

    expect(issued.expiresIn).toBe(900);
    expect(sut.verify(issued.accessToken)).toEqual(CLAIMS);
  });

  it('signs HS256 with the configured lifetime', () => {
    const { accessToken } = sut.issue(CLAIMS);
    const decoded = jwt.decode(accessToken, { complete: true });
    const payload = decoded?.payload as jwt.JwtPayload;

    expect(decoded?.header.alg).toBe('HS256');
    expect(payload.sub).toBe(CLAIMS.userId);
    expect(payload.org).toBe(CLAIMS.organizationId);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it('rejects an expired token', () => {
    const token = jwt.sign({ sub: CLAIMS.userId, org: 'o' }, SECRET, {
      algorithm: 'HS256',
      expiresIn: -1,
    });

    expectRejected(token, 'The access token has expired; sign in again');
  });

  it('rejects a token without expiry', () => {
    const token = jwt.sign(
      { sub: CLAIMS.userId, org: CLAIMS.organizationId },
      SECRET,
      { algorithm: 'HS256' },
    );

    expectRejected(token, 'The access token is invalid');
  });

  it('rejects another signing key', () => {
    const token = jwt.sign(
      { sub: CLAIMS.userId, org: CLAIMS.organizationId },
      'another-secret-that-is-32-characters-long',
      { algorithm: 'HS256' },
    );

    expectRejected(token, 'The access token is invalid');
  });

  it('rejects alg none', () => {
    const header = base64url({ alg: 'none', typ: 'JWT' });
    const payload = base64url({
      sub: CLAIMS.userId,
      org: CLAIMS.organizationId,
    });

    expectRejected(`${header}.${payload}.`, 'The access token is invalid');
  });

  it('rejects HS512 with the right key', () => {
    const token = jwt.sign(
      { sub: CLAIMS.userId, org: CLAIMS.organizationId },
      SECRET,
      { algorithm: 'HS512' },
    );

    expectRejected(token, 'The access token is invalid');
  });

  it.each(['', 'not-a-jwt', 'a.b.c', `${base64url({ alg: 'HS256' })}..`])(
    'rejects malformed token %j',
    (token) => {
      expectRejected(token, 'The access token is invalid');
    },
  );

  it('rejects a token without claims', () => {
    const token = jwt.sign({ sub: CLAIMS.userId }, SECRET, {
      algorithm: 'HS256',
    });

    expectRejected(token, 'The access token is invalid');
  });
});
