import { UserUsageSort, UserUsageTotals } from '../../domain/user-usage';

/** A page request over the users of one organization, or of all of them. */
export interface UserUsageQuery {
  /** The organization whose members are listed; null lists every user. */
  organizationId: string | null;
  /** Half-open interval [start, end) of the usage counted; null counts all time. */
  range: { start: Date; end: Date } | null;
  provider?: string;
  modelId?: string;
  /** Case-insensitive substring of the name or email, matched literally. */
  search?: string;
  sort: UserUsageSort;
  limit: number;
  offset: number;
}

export interface UserUsagePage {
  rows: UserUsageTotals[];
  /** Number of users matching the search, whatever the limit and offset. */
  total: number;
}

export abstract class UserUsageRepository {
  /** Lists users with their usage, including users without any. */
  abstract findPage(query: UserUsageQuery): Promise<UserUsagePage>;

  abstract organizationExists(organizationId: string): Promise<boolean>;
}
