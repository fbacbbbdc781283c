import { UsageFilters } from '../../domain/usage-query';
import { UsageRange } from '../../domain/usage-range';
import { UsageScope } from '../../domain/usage-scope';
import { UserUsageSort, UserUsageTotals } from '../../domain/user-usage';

/** A page request over the users of one organization, or of all of them. */
export interface UserUsageQuery {
  scope: UsageScope;
  /** The instants whose usage is counted; null counts all time. */
  range: UsageRange | null;
  filters: UsageFilters;
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
}
