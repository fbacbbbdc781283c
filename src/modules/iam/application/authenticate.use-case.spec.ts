import { InvalidTokenError } from '../domain/iam.errors';
import { FakeTokenService } from '../testing/fake-token-service';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { AuthenticateUseCase } from './authenticate.use-case';

describe('AuthenticateUseCase', () => {
  const organizationId = '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d';
  let users: InMemoryUserRepository;
  let sut: AuthenticateUseCase;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    sut = new AuthenticateUseCase(new FakeTokenService(), users);
  });

  const addUser = (deactivatedAt: Date | null = null) =>
    users.add({
      organizationId,
      email: 'ada@example.test',
      name: 'Ada',
      passwordHash: 'fake$x',
      orgRole: 'admin',
      systemRole: null,
      deactivatedAt,
    });

  it('returns the stored user and roles', async () => {
    const user = addUser();

    const caller = await sut.execute(`token:${user.id}:${organizationId}`);

    expect(caller).toEqual({
      userId: user.id,
      organizationId,
      email: 'ada@example.test',
      orgRole: 'admin',
      systemRole: null,
    });
  });

  it('rejects a deactivated user', async () => {
    const user = addUser(new Date('2026-02-01T00:00:00Z'));

    await expect(
      sut.execute(`token:${user.id}:${organizationId}`),
    ).rejects.toThrow(new InvalidTokenError('The user is deactivated'));
  });

  it('rejects a token of another organization', async () => {
    const user = addUser();
    const otherOrganization = '1c8b4d2e-3f5a-4b7c-9d0e-1f2a3b4c5d6e';

    await expect(
      sut.execute(`token:${user.id}:${otherOrganization}`),
    ).rejects.toThrow(InvalidTokenError);
  });

  it.each(['not-a-uuid', '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b'])(
    'rejects unknown user id %j',
    async (userId) => {
      await expect(
        sut.execute(`token:${userId}:${organizationId}`),
      ).rejects.toThrow(new InvalidTokenError('The access token is invalid'));
    },
  );
});
