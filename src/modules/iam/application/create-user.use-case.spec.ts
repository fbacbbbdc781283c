import {
  EmailTakenError,
  OrganizationNotFoundError,
} from '../domain/iam.errors';
import { Organization } from '../domain/organization';
import { FakePasswordHasher } from '../testing/fake-password-hasher';
import { InMemoryOrganizationRepository } from '../testing/in-memory-organization.repository';
import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { CreateUserCommand, CreateUserUseCase } from './create-user.use-case';

describe('CreateUserUseCase', () => {
  let users: InMemoryUserRepository;
  let hasher: FakePasswordHasher;
  let acme: Organization;
  let sut: CreateUserUseCase;

  beforeEach(async () => {
    const organizations = new InMemoryOrganizationRepository();
    acme = await organizations.create('Acme');
    users = new InMemoryUserRepository();
    hasher = new FakePasswordHasher();
    sut = new CreateUserUseCase(organizations, users, hasher);
  });

  const command = (
    overrides: Partial<CreateUserCommand> = {},
  ): CreateUserCommand => ({
    organizationId: acme.id,
    email: 'Ada@Example.test',
    name: '  Ada Lovelace ',
    password: 'analytical',
    orgRole: 'member',
    systemRole: null,
    ...overrides,
  });

  it('creates a user with a hashed password', async () => {
    const user = await sut.execute(command());

    expect(user).toEqual({
      id: expect.any(String),
      organizationId: acme.id,
      email: 'ada@example.test',
      name: 'Ada Lovelace',
      orgRole: 'member',
      systemRole: null,
      deactivatedAt: null,
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    });
    expect(users.all()[0].passwordHash).toBe('fake$analytical');
  });

  it('keeps the requested roles', async () => {
    const user = await sut.execute(
      command({ orgRole: 'admin', systemRole: 'super_admin' }),
    );

    expect(user.orgRole).toBe('admin');
    expect(user.systemRole).toBe('super_admin');
  });

  it('rejects an unknown organization', async () => {
    const organizationId = '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';

    await expect(sut.execute(command({ organizationId }))).rejects.toThrow(
      new OrganizationNotFoundError(organizationId),
    );
    expect(users.all()).toEqual([]);
  });

  it('rejects a taken email before hashing', async () => {
    await sut.execute(command());

    await expect(
      sut.execute(command({ email: 'ADA@example.TEST' })),
    ).rejects.toThrow(EmailTakenError);
    expect(hasher.hashCount).toBe(1);
    expect(users.all()).toHaveLength(1);
  });
});
