import { InvalidTokenError } from '../domain/iam.errors';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { GetCurrentUserUseCase } from './get-current-user.use-case';

describe('GetCurrentUserUseCase', () => {
  const organizationId = '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d';

  it('returns the caller', async () => {
    const users = new InMemoryUserRepository();
    const ada = users.add({
      organizationId,
      email: 'ada@acme.test',
      name: 'Ada Lovelace',
      passwordHash: 'fake$x',
      orgRole: 'admin',
      systemRole: null,
    });

    const user = await new GetCurrentUserUseCase(users).execute({
      userId: ada.id,
      organizationId,
      email: ada.email,
      orgRole: 'admin',
      systemRole: null,
    });

    expect(user).toEqual(ada);
  });

  it('rejects a caller that no longer exists', async () => {
    const useCase = new GetCurrentUserUseCase(new InMemoryUserRepository());

    await expect(
      useCase.execute({
        userId: '1c8b4d2e-3f5a-4b7c-9d0e-1f2a3b4c5d6e',
        organizationId,
        email: 'gone@acme.test',
        orgRole: 'member',
        systemRole: null,
      }),
    ).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
