import { INestApplicationContext } from '@nestjs/common';
import { GetGlobalUserUsageUseCase } from '../src/modules/usage/application/get-global-user-usage.use-case';
import { GetModelDistributionUseCase } from '../src/modules/usage/application/get-model-distribution.use-case';
import { GetProviderChartUseCase } from '../src/modules/usage/application/get-provider-chart.use-case';
import { GetProviderUsageUseCase } from '../src/modules/usage/application/get-provider-usage.use-case';
import { GetUsageStatsUseCase } from '../src/modules/usage/application/get-usage-stats.use-case';
import {
  GetUserUsageUseCase,
  UserUsageParameters,
} from '../src/modules/usage/application/get-user-usage.use-case';
import { UsageQueryParameters } from '../src/modules/usage/application/usage-query.resolver';
import { UsageScope } from '../src/modules/usage/domain/usage-scope';

export const DASHBOARD_ROUTES = [
  'stats',
  'providers',
  'providers/chart',
  'models',
  'users',
] as const;
export type DashboardRoute = (typeof DASHBOARD_ROUTES)[number];

/** Calls one dashboard route's use case in-process, as its controller does. */
export type DashboardCall = (
  route: DashboardRoute,
  scope: UsageScope,
  parameters: UsageQueryParameters,
) => Promise<unknown>;

const USERS_PAGE: Omit<UserUsageParameters, keyof UsageQueryParameters> = {
  sort: { by: 'tokens', order: 'desc' },
  limit: 50,
  offset: 0,
};

/** Returns a caller of the dashboard use cases of one application context, by route. */
export function dashboardCalls(app: INestApplicationContext): DashboardCall {
  const stats = app.get(GetUsageStatsUseCase);
  const providers = app.get(GetProviderUsageUseCase);
  const chart = app.get(GetProviderChartUseCase);
  const models = app.get(GetModelDistributionUseCase);
  const users = app.get(GetUserUsageUseCase);
  const globalUsers = app.get(GetGlobalUserUsageUseCase);

  return (route, scope, parameters) => {
    switch (route) {
      case 'stats':
        return stats.execute(scope, parameters);
      case 'providers':
        return providers.execute(scope, parameters);
      case 'providers/chart':
        return chart.execute(scope, parameters);
      case 'models':
        return models.execute(scope, parameters);
      case 'users': {
        const { granularity: _granularity, ...rest } = parameters;
        const page = { ...rest, ...USERS_PAGE };

        return scope.kind === 'global'
          ? globalUsers.execute(page)
          : users.execute(scope.organizationId, page);
      }
    }
  };
}
