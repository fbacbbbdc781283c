import type { UserUsage } from '../api/api-types';
import { CsvValue, toCsv } from '../format/csv';

/**
 * Encodes the users as CSV: one cost column per currency of the rows, amounts as
 * the exact decimal strings of the service, times in ISO 8601 UTC.
 */
export function usersToCsv(
  users: UserUsage[],
  withOrganization: boolean,
): string {
  const currencies = [
    ...new Set(
      users.flatMap((user) => user.costs.map((cost) => cost.currency)),
    ),
  ].sort();
  const header = [
    'userId',
    'userName',
    'userEmail',
    ...(withOrganization ? ['organizationId', 'organizationName'] : []),
    'tokens',
    'requests',
    ...currencies.map((currency) => `cost_${currency}`),
    'lastActivity',
    'isActive',
  ];
  const rows = users.map((user): CsvValue[] => [
    user.userId,
    user.userName,
    user.userEmail,
    ...(withOrganization
      ? [user.organizationId ?? null, user.organizationName ?? null]
      : []),
    user.tokens,
    user.requests,
    ...currencies.map(
      (currency) =>
        user.costs.find((cost) => cost.currency === currency)?.amount ?? null,
    ),
    user.lastActivity,
    user.isActive,
  ]);

  return toCsv(header, rows);
}

/** Hands a text to the browser as a file download. */
export function downloadText(
  text: string,
  fileName: string,
  type: string,
): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
