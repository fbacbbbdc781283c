import { useContext, useState } from 'preact/hooks';
import { UnauthorizedError } from '../api/api-client';
import type { UserUsage } from '../api/api-types';
import type { DashboardApi, UsersQuery } from '../api/dashboard-api';
import { SessionContext } from './session-context';
import { downloadText, usersToCsv } from './users-csv';

/** The service's largest page of users. */
const MAX_PAGE_SIZE = 1000;

async function fetchAllUsers(
  api: DashboardApi,
  query: UsersQuery,
): Promise<UserUsage[]> {
  const users: UserUsage[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = await api.users({ ...query, limit: MAX_PAGE_SIZE, offset });
    users.push(...page.data);
    if (
      page.data.length < MAX_PAGE_SIZE ||
      users.length >= page.pagination.total
    )
      return users;
  }
}

/**
 * Downloads every user that matches the range, search and sort on screen,
 * all pages together, in the order of the table.
 *
 * NOTE: the page builds the CSV from the JSON pages because the users
 * routes return JSON only.
 */
export function UsersDownload(props: {
  api: DashboardApi;
  query: UsersQuery;
  withOrganization: boolean;
}) {
  const session = useContext(SessionContext);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    setStatus('Preparing the CSV…');
    try {
      const users = await fetchAllUsers(props.api, props.query);
      downloadText(
        usersToCsv(users, props.withOrganization),
        `users_${props.query.startDate}_${props.query.endDate}.csv`,
        'text/csv;charset=utf-8',
      );
      setStatus(null);
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        session.expire();
        return;
      }
      setStatus(
        `Could not download the CSV: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="download">
      <button type="button" onClick={download} disabled={busy}>
        Download CSV
      </button>
      {status && (
        <span class="muted" role="status">
          {status}
        </span>
      )}
    </div>
  );
}
