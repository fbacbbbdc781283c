import { Injectable } from '@nestjs/common';
import { User } from '../domain/user';
import { UserRepository } from './ports/user.repository';

/** Lists all users of an organization, whatever their role, ordered by email. */
@Injectable()
export class ListMembersUseCase {
  constructor(private readonly users: UserRepository) {}

  execute(organizationId: string): Promise<User[]> {
    return this.users.listByOrganization(organizationId);
  }
}
