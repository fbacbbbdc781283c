export interface Organization {
  id: string;
  name: string;
  /** Number of users in the organization, whatever their role. */
  memberCount: number;
  createdAt: Date;
}
