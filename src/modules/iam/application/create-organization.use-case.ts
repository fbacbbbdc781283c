import { Injectable } from '@nestjs/common';
import { Organization } from '../domain/organization';
import { OrganizationRepository } from './ports/organization.repository';

/** Creates an organization; names are unique regardless of case. */
@Injectable()
export class CreateOrganizationUseCase {
  constructor(private readonly organizations: OrganizationRepository) {}

  /** Throws OrganizationNameTakenError when the name is in use. */
  execute(name: string): Promise<Organization> {
    return this.organizations.create(name.trim());
  }
}
