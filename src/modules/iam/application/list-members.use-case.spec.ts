import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import { ListMembersUseCase } from './list-members.use-case';

describe('ListMembersUseCase', () => {
  it('lists one organization by email', async () => {
    const users = new InMemoryUserRepository();
    const acmeId = '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d';
    const globexId = '1c8b4d2e-3f5a-4b7c-9d0e-1f2a3b4c5d6e';
    const add = (organizationId: string, email: string) =>
      users.add({
        organizationId,
        email,
        name: email,
        passwordHash: 'fake$x',
        orgRole: 'member',
        systemRole: null,
      });
    const bob = add(acmeId, 'bob@acme.test');
    add(globexId, 'aaron@globex.test');
    const alice = add(acmeId, 'alice@acme.test');

    const members = await new ListMembersUseCase(users).execute(acmeId);

    expect(members).toEqual([alice, bob]);
  });
});
