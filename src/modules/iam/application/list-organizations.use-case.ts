import { Injectable } from '@nestjs/common';
import { Organization } from '../domain/organization';
import { OrganizationRepository } from './ports/organization.repository';

/** Lists every organization with its member count, ordered by name. */
@Injectable()
export class ListOrganizationsUseCase {
  constructor(private readonly organizations: OrganizationRepository) {}

  execute(): Promise<Organization[]> {
    return this.organizations.list();
  }
}
