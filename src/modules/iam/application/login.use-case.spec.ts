import {
  InvalidCredentialsError,
  TooManyLoginAttemptsError,
} from '../domain/iam.errors';
import { FakePasswordHasher } from '../testing/fake-password-hasher';
import { FakeTokenService } from '../testing/fake-token-service';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { LoginThrottle } from './login-throttle';
import { LoginUseCase } from './login.use-case';

describe('LoginUseCase', () => {
  let users: InMemoryUserRepository;
  let hasher: FakePasswordHasher;
  let sut: LoginUseCase;
  const organizationId = '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d';
  const clientAddress = '192.0.2.10';

  beforeEach(() => {
    users = new InMemoryUserRepository();
    hasher = new FakePasswordHasher();
    sut = new LoginUseCase(
      users,
      hasher,
      new FakeTokenService(),
      new LoginThrottle({
        perAddress: 100,
        perAccount: 100,
        windowSeconds: 60,
      }),
    );
  });

  const addUser = (email: string, deactivatedAt: Date | null = null) =>
    users.add({
      organizationId,
      email,
      name: 'Ada',
      passwordHash: 'fake$secret-password',
      orgRole: 'member',
      systemRole: null,
      deactivatedAt,
    });

  it('issues a token for the right password', async () => {
    const user = addUser('ada@example.test');

    const token = await sut.execute({
      email: 'ada@example.test',
      password: 'secret-password',
      clientAddress,
    });

    expect(token).toEqual({
      accessToken: `token:${user.id}:${organizationId}`,
      expiresIn: 3600,
    });
  });

  it('lower-cases and trims the email', async () => {
    addUser('ada@example.test');

    const token = await sut.execute({
      email: ' ADA@Example.test ',
      password: 'secret-password',
      clientAddress,
    });

    expect(token.expiresIn).toBe(3600);
  });

  it('rejects a wrong password', async () => {
    addUser('ada@example.test');

    await expect(
      sut.execute({
        email: 'ada@example.test',
        password: 'wrong',
        clientAddress,
      }),
    ).rejects.toThrow(InvalidCredentialsError);
  });

  it('rejects a deactivated user after verifying', async () => {
    addUser('ada@example.test', new Date('2026-02-01T00:00:00Z'));

    await expect(
      sut.execute({
        email: 'ada@example.test',
        password: 'secret-password',
        clientAddress,
      }),
    ).rejects.toThrow(InvalidCredentialsError);
    expect(hasher.verifiedHashes).toEqual(['fake$secret-password']);
  });

  it('verifies a dummy hash for an unknown email', async () => {
    await expect(
      sut.execute({
        email: 'nobody@example.test',
        password: 'guess',
        clientAddress,
      }),
    ).rejects.toThrow(InvalidCredentialsError);

    expect(hasher.verifiedHashes).toHaveLength(1);
    expect(hasher.verifiedHashes[0]).toMatch(/^fake\$[0-9a-f]{32}$/);
  });

  it('hashes the dummy password once', async () => {
    await sut.onModuleInit();
    for (const password of ['one', 'two']) {
      await expect(
        sut.execute({ email: 'nobody@example.test', password, clientAddress }),
      ).rejects.toThrow('Invalid email or password');
    }

    expect(hasher.hashCount).toBe(1);
    expect(hasher.verifiedHashes).toHaveLength(2);
  });

  describe('rate limit', () => {
    let nowMs: number;

    beforeEach(() => {
      nowMs = Date.UTC(2026, 0, 1);
      const throttle = new LoginThrottle(
        { perAddress: 3, perAccount: 2, windowSeconds: 60 },
        () => nowMs,
      );
      sut = new LoginUseCase(users, hasher, new FakeTokenService(), throttle);
      addUser('ada@example.test');
    });

    const attempt = (
      email: string,
      password: string,
      address = clientAddress,
    ) => sut.execute({ email, password, clientAddress: address });

    it('limits attempts per account', async () => {
      await expect(attempt('ada@example.test', 'a')).rejects.toThrow(
        InvalidCredentialsError,
      );
      await expect(
        attempt('ADA@example.test', 'b', '192.0.2.11'),
      ).rejects.toThrow(InvalidCredentialsError);

      await expect(
        attempt('ada@example.test', 'secret-password', '192.0.2.12'),
      ).rejects.toThrow(TooManyLoginAttemptsError);
      expect(hasher.verifiedHashes).toHaveLength(2);
    });

    it('limits an unknown email alike', async () => {
      await expect(attempt('nobody@example.test', 'a')).rejects.toThrow(
        InvalidCredentialsError,
      );
      await expect(attempt('nobody@example.test', 'b')).rejects.toThrow(
        InvalidCredentialsError,
      );

      await expect(attempt('nobody@example.test', 'c')).rejects.toThrow(
        'Too many login attempts; retry in 60 seconds',
      );
    });

    it('limits attempts per address', async () => {
      for (const email of [
        'x@example.test',
        'y@example.test',
        'z@example.test',
      ]) {
        await expect(attempt(email, 'guess')).rejects.toThrow(
          InvalidCredentialsError,
        );
      }

      await expect(
        attempt('ada@example.test', 'secret-password'),
      ).rejects.toThrow(TooManyLoginAttemptsError);
    });

    it('clears the account count on success', async () => {
      await expect(attempt('ada@example.test', 'a')).rejects.toThrow(
        InvalidCredentialsError,
      );
      await attempt('ada@example.test', 'secret-password', '192.0.2.11');

      await expect(
        attempt('ada@example.test', 'b', '192.0.2.12'),
      ).rejects.toThrow(InvalidCredentialsError);
    });

    it('allows attempts after the window', async () => {
      await expect(attempt('ada@example.test', 'a')).rejects.toThrow(
        InvalidCredentialsError,
      );
      await expect(attempt('ada@example.test', 'b')).rejects.toThrow(
        InvalidCredentialsError,
      );
      nowMs += 45000;
      const limited = await attempt('ada@example.test', 'c').catch(
        (error: unknown) => error,
      );
      nowMs += 15000;

      expect((limited as TooManyLoginAttemptsError).retryAfterSeconds).toBe(15);
      await expect(
        attempt('ada@example.test', 'secret-password'),
      ).resolves.toEqual({
        accessToken: expect.stringMatching(/^token:/) as string,
        expiresIn: 3600,
      });
    });
  });
});
