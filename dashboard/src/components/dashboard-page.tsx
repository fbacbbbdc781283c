import { useContext, useMemo } from 'preact/hooks';
import type { CurrentUser, ProviderChart as ChartData } from '../api/api-types';
import {
  DashboardApi,
  fetchOrganizations,
  RangeQuery,
  UsageScope,
} from '../api/dashboard-api';
import { resolveDateRange } from '../state/date-range';
import { useViewState } from '../state/use-view-state';
import { FiltersBar } from './filters-bar';
import { LoadState } from './load-state';
import { ModelDistribution } from './model-distribution';
import { ProviderChart } from './provider-chart';
import { ScopePicker } from './scope-picker';
import { SessionContext } from './session-context';
import { StatsCards } from './stats-cards';
import { useLoad } from './use-load';
import { UsersTable } from './users-table';

/** Models listed by name in the distribution; the rest form one row. */
const LISTED_MODELS = 5;

function formatDay(date: string): string {
  return new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

function hasNoUsage(chart: ChartData): boolean {
  return chart.timeSeries.every(
    (point) => Object.keys(point.values).length === 0,
  );
}

function Header(props: { user: CurrentUser; scopeLabel: string }) {
  const session = useContext(SessionContext);

  return (
    <header class="topbar">
      <h1>Usage analytics</h1>
      <span class="scope-label" data-testid="scope-label">
        {props.scopeLabel}
      </span>
      <div class="account">
        <span>
          {props.user.name} <span class="muted">({props.user.email})</span>
        </span>
        <button type="button" onClick={() => session.logOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

/** Renders the dashboard, or a note for a user who is no admin. */
export function DashboardPage(props: { user: CurrentUser }) {
  const { user } = props;
  const session = useContext(SessionContext);
  if (user.systemRole !== 'super_admin' && user.orgRole !== 'admin') {
    return (
      <>
        <Header user={user} scopeLabel="" />
        <main class="content">
          <p class="state" role="alert">
            This dashboard is for organization admins and super admins. Ask an
            admin of your organization for access.
          </p>
          <button type="button" onClick={() => session.logOut()}>
            Sign out
          </button>
        </main>
      </>
    );
  }

  return (
    <Dashboard user={user} isSuperAdmin={user.systemRole === 'super_admin'} />
  );
}

function Dashboard(props: { user: CurrentUser; isSuperAdmin: boolean }) {
  const { isSuperAdmin } = props;
  const session = useContext(SessionContext);
  const [state, update] = useViewState({ includeOrg: isSuperAdmin });
  const organizations = useLoad(isSuperAdmin ? 'organizations' : 'none', () =>
    isSuperAdmin ? fetchOrganizations(session.token) : Promise.resolve([]),
  );

  const scope: UsageScope = !isSuperAdmin
    ? { kind: 'own-organization' }
    : state.org === 'all'
      ? { kind: 'all-organizations' }
      : { kind: 'organization', organizationId: state.org };
  const api = useMemo(
    () => new DashboardApi(session.token, scope),
    [session.token, JSON.stringify(scope)],
  );
  const range: RangeQuery = {
    ...resolveDateRange(state, new Date()),
    timezone: state.timeZone,
  };
  const rangeKey = JSON.stringify([api.scopeKey, range]);
  const chartQuery = { ...range, granularity: state.granularity };

  const stats = useLoad(rangeKey, (signal) => api.stats(range, signal));
  const chart = useLoad(JSON.stringify([api.scopeKey, chartQuery]), (signal) =>
    api.providerChart(chartQuery, signal),
  );
  const models = useLoad(rangeKey, (signal) =>
    api.models({ ...range, maxModels: LISTED_MODELS }, signal),
  );
  const currencies =
    stats.status === 'ready'
      ? stats.data.costs.map((cost) => cost.currency)
      : [];

  const orgName =
    organizations.status === 'ready'
      ? organizations.data.find((org) => org.id === state.org)?.name
      : undefined;
  const scopeLabel = !isSuperAdmin
    ? 'Your organization'
    : state.org === 'all'
      ? 'All organizations'
      : (orgName ?? 'One organization');

  return (
    <>
      <Header user={props.user} scopeLabel={scopeLabel} />
      <main class="content">
        <div class="toolbar">
          {isSuperAdmin && (
            <ScopePicker
              organizations={organizations}
              value={state.org}
              onChange={(org) => update({ org, page: 1 })}
            />
          )}
          <FiltersBar state={state} onChange={update} />
        </div>
        <p class="range-summary" data-testid="range-summary">
          {formatDay(range.startDate)} – {formatDay(range.endDate)}, days in{' '}
          {state.timeZone}
        </p>

        <section class="panel" aria-labelledby="totals-title">
          <h2 id="totals-title">Totals</h2>
          <LoadState loaded={stats} label="the totals">
            {(data) => <StatsCards stats={data} />}
          </LoadState>
        </section>

        <section class="panel" aria-labelledby="providers-title">
          <h2 id="providers-title">Tokens per provider</h2>
          <LoadState
            loaded={chart}
            label="the provider chart"
            isEmpty={hasNoUsage}
          >
            {(data) => <ProviderChart data={data} timeZone={state.timeZone} />}
          </LoadState>
        </section>

        <section class="panel" aria-labelledby="models-title">
          <h2 id="models-title">Models</h2>
          <LoadState
            loaded={models}
            label="the models"
            isEmpty={(data) => data.models.length === 0}
          >
            {(data) => <ModelDistribution data={data} />}
          </LoadState>
        </section>

        <section class="panel" aria-labelledby="users-title">
          <h2 id="users-title">Users</h2>
          <UsersTable
            api={api}
            range={range}
            state={state}
            currencies={currencies}
            withOrganization={isSuperAdmin && state.org === 'all'}
            onChange={update}
          />
        </section>
      </main>
    </>
  );
}
