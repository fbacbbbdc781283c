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

  /**
   * Sets deactivated_at if it is not set yet, on behalf of the super admin
   * `actorUserId`; returns the user, or null if unknown. Both rows are
   * locked first, so of two super admins deactivating each other at once
   * the second reads the first's change. Throws ActorDeactivatedError when
   * the actor is no longer an active super admin.
   */
  abstract deactivate(
    userId: string,
    actorUserId: string,
  ): Promise<User | null>;
}
