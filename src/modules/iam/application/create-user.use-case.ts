import { Injectable } from '@nestjs/common';
import {
  EmailTakenError,
  OrganizationNotFoundError,
} from '../domain/iam.errors';
import { normalizeEmail, OrgRole, SystemRole, User } from '../domain/user';
import { OrganizationRepository } from './ports/organization.repository';
import { PasswordHasher } from './ports/password-hasher';
import { UserRepository } from './ports/user.repository';

export interface CreateUserCommand {
  organizationId: string;
  email: string;
  name: string;
  password: string;
  orgRole: OrgRole;
  systemRole: SystemRole | null;
}

/** Creates a user in an existing organization, storing only a password hash. */
@Injectable()
export class CreateUserUseCase {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Throws OrganizationNotFoundError or EmailTakenError. */
  async execute(command: CreateUserCommand): Promise<User> {
    const email = normalizeEmail(command.email);

    const organization = await this.organizations.findById(
      command.organizationId,
    );
    if (organization === null) {
      throw new OrganizationNotFoundError(command.organizationId);
    }
    // Checked before hashing to skip the scrypt work. The unique constraint
    // still decides when two requests race for the same email.
    if ((await this.users.findCredentialsByEmail(email)) !== null) {
      throw new EmailTakenError(email);
    }

    return this.users.create({
      organizationId: organization.id,
      email,
      name: command.name.trim(),
      passwordHash: await this.hasher.hash(command.password),
      orgRole: command.orgRole,
      systemRole: command.systemRole,
    });
  }
}
