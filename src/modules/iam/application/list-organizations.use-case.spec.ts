import { InMemoryOrganizationRepository } from '../testing/in-memory-organization.repository';
import { ListOrganizationsUseCase } from './list-organizations.use-case';

describe('ListOrganizationsUseCase', () => {
  it('lists organizations by name', async () => {
    const organizations = new InMemoryOrganizationRepository();
    const globex = await organizations.create('Globex', 2);
    const acme = await organizations.create('Acme', 5);

    const listed = await new ListOrganizationsUseCase(organizations).execute();

    expect(listed).toEqual([acme, globex]);
  });

  it('lists nothing when empty', async () => {
    const listed = await new ListOrganizationsUseCase(
      new InMemoryOrganizationRepository(),
    ).execute();

    expect(listed).toEqual([]);
  });
});
