import { Injectable } from '@nestjs/common';
import { normalizeEmail, User } from '../domain/user';
import { OrganizationRepository } from './ports/organization.repository';
import { PasswordHasher } from './ports/password-hasher';
import { UserRepository } from './ports/user.repository';

export const SUPER_ADMIN_ORGANIZATION = 'Platform administration';

/**
 * Creates the configured super admin, in an organization of its own, when
 * no user has that email yet. An existing user is left as it is.
 */
@Injectable()
export class EnsureSuperAdminUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(credentials: {
    email: string;
    password: string;
  }): Promise<User> {
    const email = normalizeEmail(credentials.email);
    const existing = await this.users.findCredentialsByEmail(email);
    if (existing !== null) return existing.user;

    const organization =
      (await this.organizations.findByName(SUPER_ADMIN_ORGANIZATION)) ??
      (await this.organizations.create(SUPER_ADMIN_ORGANIZATION));

    return this.users.create({
      organizationId: organization.id,
      email,
      name: 'Super admin',
      passwordHash: await this.hasher.hash(credentials.password),
      orgRole: 'admin',
      systemRole: 'super_admin',
    });
  }
}
