import type { Response } from 'express';
import { UserUsageList } from '../../application/get-user-usage.use-case';
import { UsageScope } from '../../domain/usage-scope';
import { UserUsage } from '../../domain/user-usage';
import { CsvCell, csvLine } from './usage-export.csv';
import { CONTENT_TYPES } from './usage-export.formats';

export const USER_USAGE_FORMATS = ['json', 'csv'] as const;
export type UserUsageFormat = (typeof USER_USAGE_FORMATS)[number];

/** Lists the currencies with cost in a page, sorted: one cost column each. */
function currenciesOf(users: UserUsage[]): string[] {
  const currencies = new Set(
    users.flatMap((user) => user.costs.map((cost) => cost.currency)),
  );

  return [...currencies].sort();
}

/**
 * Encodes a page of users as CSV: one `cost_<currency>` column per currency
 * present in the page, empty for a user without cost in it. The global
 * listing adds the organization after the user.
 */
export function userUsageCsv(users: UserUsage[], scope: UsageScope): string {
  const global = scope.kind === 'global';
  const currencies = currenciesOf(users);
  const header = [
    ...['userId', 'userName', 'userEmail'],
    ...(global ? ['organizationId', 'organizationName'] : []),
    ...['tokens', 'requests'],
    ...currencies.map((currency) => `cost_${currency}`),
    ...['lastActivity', 'isActive'],
  ];
  const lines = users.map((user) => {
    const amounts = new Map(user.costs.map((cost) => [cost.currency, cost]));
    const cells: CsvCell[] = [
      ...[user.userId, user.userName, user.userEmail],
      ...(global ? [user.organizationId, user.organizationName] : []),
      ...[user.tokens, user.requests],
      ...currencies.map((currency) => amounts.get(currency)?.amount ?? null),
      ...[user.lastActivity?.toISOString() ?? null, user.isActive],
    ];

    return csvLine(cells);
  });

  return csvLine(header) + lines.join('');
}

/**
 * Sets the CSV headers of a users download, `usage-users-<scope>.csv`, and
 * returns the body for Nest to send.
 */
export function sendUserUsageCsv(
  response: Response,
  list: UserUsageList,
  scope: UsageScope,
): string {
  const scopeName =
    scope.kind === 'organization' ? scope.organizationId : 'global';
  response.setHeader('Content-Type', CONTENT_TYPES.csv);
  response.setHeader(
    'Content-Disposition',
    `attachment; filename="usage-users-${scopeName}.csv"`,
  );

  return userUsageCsv(list.users, scope);
}
