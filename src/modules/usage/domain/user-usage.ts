import { CurrencyAmount } from '../../../common/domain/money';

export const USER_USAGE_SORT_FIELDS = [
  'tokens',
  'requests',
  'cost',
  'lastActivity',
  'userName',
] as const;
export type UserUsageSortField = (typeof USER_USAGE_SORT_FIELDS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/**
 * The order of a page of users. Sorting by cost compares the amounts in one
 * currency, and a user without cost in it counts as 0. Ties always break on the
 * user id ascending, and a null last activity sorts last in both orders.
 */
export type UserUsageSort =
  | { by: Exclude<UserUsageSortField, 'cost'>; order: SortOrder }
  | { by: 'cost'; order: SortOrder; currency: string };

/** One user's usage within a range, and their latest request ever. */
export interface UserUsageTotals {
  userId: string;
  userName: string;
  userEmail: string;
  organizationId: string;
  organizationName: string;
  /** Whether the account is deactivated, so the user can no longer sign in. */
  deactivated: boolean;
  /** Sum of total tokens (input + output) within the range and filters. */
  tokens: number;
  requests: number;
  /** Summed cost per currency, ordered by currency. Unpriced usage adds none. */
  costs: CurrencyAmount[];
  /** Time of the latest request in the user's organization, whatever the range and filters. */
  lastActivity: Date | null;
}

export interface UserUsage extends UserUsageTotals {
  /**
   * Whether the account is not deactivated and its latest request is at
   * most ACTIVE_WINDOW_DAYS old.
   */
  isActive: boolean;
}

export const ACTIVE_WINDOW_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Checks whether a user whose latest request was at `lastActivity` is active at `now`. */
export function isActiveAt(lastActivity: Date | null, now: Date): boolean {
  if (lastActivity === null) return false;

  return now.getTime() - lastActivity.getTime() <= ACTIVE_WINDOW_DAYS * DAY_MS;
}

/** Adds the activity flag to a user's totals, as seen at `now`. */
export function withActivity(totals: UserUsageTotals, now: Date): UserUsage {
  return {
    ...totals,
    isActive: !totals.deactivated && isActiveAt(totals.lastActivity, now),
  };
}
