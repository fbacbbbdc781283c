import { Organization } from '../../domain/organization';

export abstract class OrganizationRepository {
  abstract findById(organizationId: string): Promise<Organization | null>;

  /** Checks whether an organization exists, without counting its members. */
  abstract exists(organizationId: string): Promise<boolean>;

  /** All organizations with their member counts, ordered by name. */
  abstract list(): Promise<Organization[]>;

  /** Throws OrganizationNameTakenError when the name is in use (case-insensitive). */
  abstract create(name: string): Promise<Organization>;

  abstract findByName(name: string): Promise<Organization | null>;
}
