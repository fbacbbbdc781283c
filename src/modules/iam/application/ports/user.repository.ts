import { OrgRole, SystemRole, User, UserCredentials } from '../../domain/user';

export interface NewUser {
  organizationId: string;
  email: string;
  name: string;
  passwordHash: string;
  orgRole: OrgRole;
  systemRole: SystemRole | null;
}

export abstract class UserRepository {
  abstract findById(userId: string): Promise<User | null>;

  abstract findCredentialsByEmail(
    email: string,
  ): Promise<UserCredentials | null>;

  /** Members of an organization (all roles), ordered by email. */
  abstract listByOrganization(organizationId: string): Promise<User[]>;

  /** Throws EmailTakenError when the email is in use. */
  abstract create(user: NewUser): Promise<User>;

  /** Sets deactivated_at if it is not set yet; returns the user, or null if unknown. */
  abstract deactivate(userId: string): Promise<User | null>;
}
