import { randomUUID } from 'node:crypto';
import { OrganizationRepository } from '../application/ports/organization.repository';
import { OrganizationNameTakenError } from '../domain/iam.errors';
import { Organization } from '../domain/organization';

/** OrganizationRepository over an array, for unit specs of the use cases. */
export class InMemoryOrganizationRepository extends OrganizationRepository {
  readonly rows: Organization[] = [];

  async findById(organizationId: string): Promise<Organization | null> {
    return this.rows.find((row) => row.id === organizationId) ?? null;
  }

  async exists(organizationId: string): Promise<boolean> {
    return this.rows.some((row) => row.id === organizationId);
  }

  async findByName(name: string): Promise<Organization | null> {
    const expected = name.toLowerCase();

    return this.rows.find((row) => row.name.toLowerCase() === expected) ?? null;
  }

  async list(): Promise<Organization[]> {
    // Buffer.compare orders UTF-8 bytes, as COLLATE "C" does in the adapter.
    return [...this.rows].sort((a, b) =>
      Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)),
    );
  }

  async create(name: string, memberCount = 0): Promise<Organization> {
    const existing = await this.findByName(name);
    if (existing !== null) throw new OrganizationNameTakenError(existing.name);

    const organization: Organization = {
      id: randomUUID(),
      name,
      memberCount,
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    };
    this.rows.push(organization);

    return organization;
  }
}
