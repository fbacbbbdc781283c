import { OrgRole, SystemRole } from './user';

/** The caller of a request, as loaded from the database for each request. */
export interface AuthenticatedUser {
  userId: string;
  organizationId: string;
  email: string;
  orgRole: OrgRole;
  systemRole: SystemRole | null;
}
