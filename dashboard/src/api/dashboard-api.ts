import { QueryValues, requestJson, urlWithQuery } from './api-client';
import type {
  AccessToken,
  CurrentUser,
  ModelDistribution,
  Organization,
  ProviderChart,
  UsageStats,
  UserUsagePage,
} from './api-types';

/**
 * Whose usage a view shows: the org admin's own organization, every
 * organization, or one picked by a super admin.
 */
export type UsageScope =
  | { kind: 'own-organization' }
  | { kind: 'all-organizations' }
  | { kind: 'organization'; organizationId: string };

/** Parameters of every dashboard route: dates in `timezone`, endDate included. */
export interface RangeQuery {
  startDate: string;
  endDate: string;
  timezone: string;
}

export interface UsersQuery extends RangeQuery {
  limit: number;
  offset: number;
  search?: string;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
  /** Required by the service when sortBy is cost. */
  currency?: string;
}

function basePathOf(scope: UsageScope): string {
  switch (scope.kind) {
    case 'own-organization':
      return '/api/usage';
    case 'all-organizations':
      return '/api/super-admin/global-usage';
    case 'organization':
      return `/api/super-admin/usage/${encodeURIComponent(scope.organizationId)}`;
  }
}

/** The routes of one scope, called with the signed-in user's token. */
export class DashboardApi {
  constructor(
    private readonly token: string,
    private readonly scope: UsageScope,
  ) {}

  /** Names the scope, for deciding when data must load again. */
  get scopeKey(): string {
    return basePathOf(this.scope);
  }

  stats(query: RangeQuery, signal?: AbortSignal): Promise<UsageStats> {
    return this.get('/stats', { ...query }, signal);
  }

  providerChart(
    query: RangeQuery & { granularity: string },
    signal?: AbortSignal,
  ): Promise<ProviderChart> {
    return this.get('/providers/chart', { ...query }, signal);
  }

  models(
    query: RangeQuery & { maxModels: number },
    signal?: AbortSignal,
  ): Promise<ModelDistribution> {
    return this.get('/models', { ...query }, signal);
  }

  users(query: UsersQuery, signal?: AbortSignal): Promise<UserUsagePage> {
    return this.get('/users', { ...query }, signal);
  }

  private get<T>(
    path: string,
    query: QueryValues,
    signal?: AbortSignal,
  ): Promise<T> {
    return requestJson<T>(urlWithQuery(basePathOf(this.scope) + path, query), {
      token: this.token,
      signal,
    });
  }
}

export function logIn(email: string, password: string): Promise<AccessToken> {
  return requestJson<AccessToken>('/api/auth/login', {
    body: { email, password },
  });
}

export function fetchCurrentUser(token: string): Promise<CurrentUser> {
  return requestJson<CurrentUser>('/api/auth/me', { token });
}

export function fetchOrganizations(token: string): Promise<Organization[]> {
  return requestJson<Organization[]>('/api/super-admin/organizations', {
    token,
  });
}
