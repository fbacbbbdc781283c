import {
  ActorDeactivatedError,
  SelfDeactivationError,
  UserNotFoundError,
} from '../domain/iam.errors';
import { User } from '../domain/user';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { DeactivateUserUseCase } from './deactivate-user.use-case';

describe('DeactivateUserUseCase', () => {
  let users: InMemoryUserRepository;
  let root: User;
  let ada: User;
  let sut: DeactivateUserUseCase;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    const base = {
      organizationId: '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d',
      passwordHash: 'fake$x',
      orgRole: 'admin' as const,
    };
    root = users.add({
      ...base,
      email: 'root@example.test',
      name: 'Root',
      systemRole: 'super_admin',
    });
    ada = users.add({
      ...base,
      email: 'ada@example.test',
      name: 'Ada',
      systemRole: null,
    });
    sut = new DeactivateUserUseCase(users);
  });

  it('deactivates another user', async () => {
    const deactivated = await sut.execute({
      userId: ada.id,
      actorUserId: root.id,
    });

    expect(deactivated.id).toBe(ada.id);
    expect(deactivated.deactivatedAt).toBeInstanceOf(Date);
    expect((await users.findById(ada.id))?.deactivatedAt).toEqual(
      deactivated.deactivatedAt,
    );
  });

  it('rejects deactivating oneself', async () => {
    await expect(
      sut.execute({ userId: root.id, actorUserId: root.id }),
    ).rejects.toThrow(SelfDeactivationError);
    expect((await users.findById(root.id))?.deactivatedAt).toBeNull();
  });

  it('rejects an actor deactivated meanwhile', async () => {
    const other = users.add({
      organizationId: root.organizationId,
      passwordHash: 'fake$x',
      orgRole: 'admin',
      email: 'other@example.test',
      name: 'Other',
      systemRole: 'super_admin',
    });
    await sut.execute({ userId: root.id, actorUserId: other.id });

    await expect(
      sut.execute({ userId: other.id, actorUserId: root.id }),
    ).rejects.toThrow(new ActorDeactivatedError(root.id));
    expect((await users.findById(other.id))?.deactivatedAt).toBeNull();
  });

  it('rejects an unknown user', async () => {
    const userId = '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';

    await expect(sut.execute({ userId, actorUserId: root.id })).rejects.toThrow(
      new UserNotFoundError(userId),
    );
  });
});
