import { useEffect, useState } from 'preact/hooks';
import type { UserUsage } from '../api/api-types';
import type {
  DashboardApi,
  RangeQuery,
  UsersQuery,
} from '../api/dashboard-api';
import { formatDateTime, formatInteger } from '../format/number-format';
import { PAGE_SIZES, UserSortField, ViewState } from '../state/view-state';
import { LoadState } from './load-state';
import { MoneyList } from './money-list';
import { useLoad } from './use-load';
import { UsersDownload } from './users-download';

const SEARCH_DELAY_MS = 300;

const COLUMNS: {
  field: UserSortField | null;
  label: string;
  number?: boolean;
}[] = [
  { field: 'userName', label: 'User' },
  { field: 'tokens', label: 'Tokens', number: true },
  { field: 'requests', label: 'Requests', number: true },
  { field: 'cost', label: 'Cost', number: true },
  { field: 'lastActivity', label: 'Last activity' },
  { field: null, label: 'Activity (30 days)' },
];

/**
 * Picks the currency a cost sort compares: the one in the view if the range has
 * costs in it, else the first of the range, else USD.
 */
export function sortCurrencyOf(state: ViewState, currencies: string[]): string {
  if (state.currency !== undefined && currencies.includes(state.currency))
    return state.currency;

  return currencies[0] ?? state.currency ?? 'USD';
}

export function usersQueryOf(
  range: RangeQuery,
  state: ViewState,
  costCurrency: string,
): UsersQuery {
  return {
    ...range,
    limit: state.pageSize,
    offset: (state.page - 1) * state.pageSize,
    search: state.search === '' ? undefined : state.search,
    sortBy: state.sort,
    sortOrder: state.order,
    // The service compares costs in one currency and needs its code.
    currency: state.sort === 'cost' ? costCurrency : undefined,
  };
}

function SearchBox(props: {
  value: string;
  onSearch: (value: string) => void;
}) {
  const [text, setText] = useState(props.value);

  useEffect(() => setText(props.value), [props.value]);
  useEffect(() => {
    if (text === props.value) return;
    const timer = setTimeout(() => props.onSearch(text), SEARCH_DELAY_MS);

    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div class="field">
      <label for="users-search">Search users</label>
      <input
        id="users-search"
        type="search"
        placeholder="Name or email"
        maxLength={200}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
    </div>
  );
}

/** Users of the scope with their usage, paged, sorted and searched by the service. */
export function UsersTable(props: {
  api: DashboardApi;
  range: RangeQuery;
  state: ViewState;
  /** Currencies of the range's costs, in the order of the totals. */
  currencies: string[];
  withOrganization: boolean;
  onChange: (patch: Partial<ViewState>) => void;
}) {
  const { api, state, onChange } = props;
  const costCurrency = sortCurrencyOf(state, props.currencies);
  const query = usersQueryOf(props.range, state, costCurrency);
  const key = JSON.stringify([api.scopeKey, query]);
  const loaded = useLoad(key, (signal) => api.users(query, signal));

  // A shared link may name a page past the end once users are removed or
  // the search changes; the last page is the nearest one with rows.
  useEffect(() => {
    if (loaded.status !== 'ready') return;
    const { data, pagination } = loaded.data;
    if (data.length === 0 && pagination.total > 0 && state.page > 1) {
      onChange({ page: Math.ceil(pagination.total / state.pageSize) });
    }
  }, [loaded]);

  const sortBy = (field: UserSortField) =>
    field === state.sort
      ? onChange({ order: state.order === 'asc' ? 'desc' : 'asc', page: 1 })
      : onChange({
          sort: field,
          order: field === 'userName' ? 'asc' : 'desc',
          page: 1,
        });

  return (
    <>
      <div class="table-tools">
        <SearchBox
          value={state.search}
          onSearch={(search) => onChange({ search, page: 1 })}
        />
        <div class="field">
          <label for="users-page-size">Rows per page</label>
          <select
            id="users-page-size"
            value={state.pageSize}
            onChange={(event) =>
              onChange({ pageSize: Number(event.currentTarget.value), page: 1 })
            }
          >
            {PAGE_SIZES.map((size) => (
              <option value={size}>{size}</option>
            ))}
          </select>
        </div>
        {state.sort === 'cost' && props.currencies.length > 1 && (
          <div class="field">
            <label for="users-currency">Sort cost in</label>
            <select
              id="users-currency"
              value={costCurrency}
              onChange={(event) =>
                onChange({ currency: event.currentTarget.value, page: 1 })
              }
            >
              {props.currencies.map((currency) => (
                <option value={currency}>{currency}</option>
              ))}
            </select>
          </div>
        )}
        <UsersDownload
          api={api}
          query={query}
          withOrganization={props.withOrganization}
        />
      </div>
      <LoadState
        loaded={loaded}
        label="users"
        isEmpty={(page) => page.pagination.total === 0}
        emptyMessage={
          state.search === ''
            ? 'No users in this scope.'
            : `No user matches “${state.search}”.`
        }
      >
        {(page) => (
          <>
            <div class="table-scroll">
              <table data-testid="users-table">
                <thead>
                  <tr>
                    {COLUMNS.map((column) => (
                      <SortHeader
                        column={column}
                        state={state}
                        costCurrency={costCurrency}
                        onSort={sortBy}
                      />
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((user) => (
                    <UserRow
                      user={user}
                      timeZone={state.timeZone}
                      withOrganization={props.withOrganization}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination
              page={state.page}
              pageSize={state.pageSize}
              total={page.pagination.total}
              onPage={(number) => onChange({ page: number })}
            />
          </>
        )}
      </LoadState>
    </>
  );
}

function SortHeader(props: {
  column: (typeof COLUMNS)[number];
  state: ViewState;
  costCurrency: string;
  onSort: (field: UserSortField) => void;
}) {
  const { column, state } = props;
  const className = column.number ? 'number' : undefined;
  const label =
    column.field === 'cost' && state.sort === 'cost'
      ? `Cost in ${props.costCurrency}`
      : column.label;
  if (column.field === null) {
    return (
      <th scope="col" class={className}>
        {label}
      </th>
    );
  }

  const field = column.field;
  const active = state.sort === field;
  const direction = state.order === 'asc' ? 'ascending' : 'descending';
  let arrow = '';
  if (active) arrow = state.order === 'asc' ? ' ▲' : ' ▼';

  return (
    <th scope="col" class={className} aria-sort={active ? direction : 'none'}>
      <button
        type="button"
        class="sort-button"
        data-sort={field}
        onClick={() => props.onSort(field)}
      >
        {label}
        <span aria-hidden="true">{arrow}</span>
      </button>
    </th>
  );
}

function UserRow(props: {
  user: UserUsage;
  timeZone: string;
  withOrganization: boolean;
}) {
  const { user } = props;

  return (
    <tr data-user-id={user.userId}>
      <th scope="row">
        <span class="user-name">{user.userName}</span>
        <span class="muted user-email">{user.userEmail}</span>
        {props.withOrganization && (
          <span class="muted user-email">{user.organizationName}</span>
        )}
      </th>
      <td class="number">{formatInteger(user.tokens)}</td>
      <td class="number">{formatInteger(user.requests)}</td>
      <td class="number">
        <MoneyList costs={user.costs} />
      </td>
      <td>
        {user.lastActivity === null
          ? 'Never'
          : formatDateTime(user.lastActivity, props.timeZone)}
      </td>
      <td>{user.isActive ? 'Active' : <span class="muted">Inactive</span>}</td>
    </tr>
  );
}

function Pagination(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const first = Math.min(props.total, (props.page - 1) * props.pageSize + 1);
  const last = Math.min(props.total, props.page * props.pageSize);

  return (
    <nav class="pagination" aria-label="Users pages">
      <button
        type="button"
        disabled={props.page <= 1}
        onClick={() => props.onPage(Math.min(props.page - 1, pages))}
      >
        Previous
      </button>
      <span data-testid="users-range" aria-live="polite">
        {formatInteger(first)}–{formatInteger(last)} of{' '}
        {formatInteger(props.total)} users · page {formatInteger(props.page)} of{' '}
        {formatInteger(pages)}
      </span>
      <button
        type="button"
        disabled={props.page >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        Next
      </button>
    </nav>
  );
}
