export type OrgRole = 'admin' | 'member';
export type SystemRole = 'super_admin';

export const ORG_ROLES: readonly OrgRole[] = ['admin', 'member'];

/** A person who signs in. Every user, super admins too, belongs to one organization. */
export interface User {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  orgRole: OrgRole;
  systemRole: SystemRole | null;
  /** Null while the user is active; deactivated users cannot sign in. */
  deactivatedAt: Date | null;
  createdAt: Date;
}

/** A user together with the stored password hash, only for signing in. */
export interface UserCredentials {
  user: User;
  passwordHash: string;
}

export function isActive(user: User): boolean {
  return user.deactivatedAt === null;
}

/** Emails are compared and stored in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
