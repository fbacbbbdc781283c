import { OrganizationNameTakenError } from '../domain/iam.errors';
import { InMemoryOrganizationRepository } from '../testing/in-memory-organization.repository';
import { CreateOrganizationUseCase } from './create-organization.use-case';

describe('CreateOrganizationUseCase', () => {
  let organizations: InMemoryOrganizationRepository;
  let sut: CreateOrganizationUseCase;

  beforeEach(() => {
    organizations = new InMemoryOrganizationRepository();
    sut = new CreateOrganizationUseCase(organizations);
  });

  it('creates a trimmed organization', async () => {
    const organization = await sut.execute('  Acme  ');

    expect(organization.name).toBe('Acme');
    expect(organization.memberCount).toBe(0);
    expect(organizations.rows).toEqual([organization]);
  });

  it('rejects a name taken in another case', async () => {
    await sut.execute('Acme');

    await expect(sut.execute('ACME')).rejects.toThrow(
      OrganizationNameTakenError,
    );
    expect(organizations.rows).toHaveLength(1);
  });
});
