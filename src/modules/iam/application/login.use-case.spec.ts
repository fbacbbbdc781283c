import { InvalidCredentialsError } from '../domain/iam.errors';
import { FakePasswordHasher } from '../testing/fake-password-hasher';
import { FakeTokenService } from '../testing/fake-token-service';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { LoginUseCase } from './login.use-case';

describe('LoginUseCase', () => {
  let users: InMemoryUserRepository;
  let hasher: FakePasswordHasher;
  let sut: LoginUseCase;
  const organizationId = '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d';

  beforeEach(() => {
    users = new InMemoryUserRepository();
    hasher = new FakePasswordHasher();
    sut = new LoginUseCase(users, hasher, new FakeTokenService());
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
    });

    expect(token.expiresIn).toBe(3600);
  });

  it('rejects a wrong password', async () => {
    addUser('ada@example.test');

    await expect(
      sut.execute({ email: 'ada@example.test', password: 'wrong' }),
    ).rejects.toThrow(InvalidCredentialsError);
  });

  it('rejects a deactivated user after verifying', async () => {
    addUser('ada@example.test', new Date('2026-02-01T00:00:00Z'));

    await expect(
      sut.execute({ email: 'ada@example.test', password: 'secret-password' }),
    ).rejects.toThrow(InvalidCredentialsError);
    expect(hasher.verifiedHashes).toEqual(['fake$secret-password']);
  });

  it('verifies a dummy hash for an unknown email', async () => {
    await expect(
      sut.execute({ email: 'nobody@example.test', password: 'guess' }),
    ).rejects.toThrow(InvalidCredentialsError);

    expect(hasher.verifiedHashes).toHaveLength(1);
    expect(hasher.verifiedHashes[0]).toMatch(/^fake\$[0-9a-f]{32}$/);
  });

  it('hashes the dummy password once', async () => {
    await sut.onModuleInit();
    for (const password of ['one', 'two']) {
      await expect(
        sut.execute({ email: 'nobody@example.test', password }),
      ).rejects.toThrow('Invalid email or password');
    }

    expect(hasher.hashCount).toBe(1);
    expect(hasher.verifiedHashes).toHaveLength(2);
  });
});
