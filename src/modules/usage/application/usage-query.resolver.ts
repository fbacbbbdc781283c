import { Injectable } from '@nestjs/common';
import { OrganizationNotFoundError } from '../../iam/domain/iam.errors';
import { OrganizationRepository } from '../../iam/application/ports/organization.repository';
import { DEFAULT_TIME_ZONE, TIME_ZONE_HINT } from '../domain/time-zone';
import {
  GranularityParameter,
  resolveGranularity,
} from '../domain/usage-buckets';
import { UsageFilters, UsageQuery } from '../domain/usage-query';
import { InvalidUsageQueryError } from '../domain/usage-query.errors';
import { resolveUsageRange } from '../domain/usage-range';
import { UsageScope } from '../domain/usage-scope';
import { TimeZoneCatalog } from './ports/time-zone-catalog';
import { UsageRepository } from './ports/usage.repository';

/** The common dashboard query parameters, as the HTTP layer validated their form. */
export interface UsageQueryParameters {
  startDate?: string;
  endDate?: string;
  timezone?: string;
  granularity?: GranularityParameter;
  provider?: string;
  modelId?: string;
}

/**
 * Turns the common query parameters into a UsageQuery: checks that the
 * organization exists and the database supports the zone, resolves the range
 * (all time when no dates are given) and the granularity. The zone of the
 * query is spelled as the database spells it, whatever case was given.
 */
@Injectable()
export class UsageQueryResolver {
  constructor(
    private readonly timeZones: TimeZoneCatalog,
    private readonly organizations: OrganizationRepository,
    private readonly usage: UsageRepository,
  ) {}

  /**
   * Resolves the parameters of one dashboard route. Pass `series: false`
   * for a route without a time series, whose granularity then skips the
   * bucket limit.
   */
  async resolve(
    scope: UsageScope,
    parameters: UsageQueryParameters,
    { series = true }: { series?: boolean } = {},
  ): Promise<UsageQuery> {
    const timeZone = await this.canonicalTimeZone(
      parameters.timezone ?? DEFAULT_TIME_ZONE,
    );
    const givenRange = resolveUsageRange(parameters, timeZone);
    await this.checkOrganization(scope);

    const filters = filtersOf(parameters);
    const range =
      givenRange ?? (await this.usage.findTimeBounds(scope, filters));
    // Without a range resolveGranularity counts no buckets, so a route
    // without a series passes none.
    const granularity = resolveGranularity(
      parameters.granularity ?? 'auto',
      series ? range : null,
      timeZone,
    );

    return { scope, range, timeZone, granularity, filters };
  }

  private async canonicalTimeZone(timeZone: string): Promise<string> {
    const name = await this.timeZones.canonicalName(timeZone);
    if (name === null) {
      throw new InvalidUsageQueryError('timezone', TIME_ZONE_HINT);
    }

    return name;
  }

  private async checkOrganization(scope: UsageScope): Promise<void> {
    if (scope.kind !== 'organization') return;

    if (!(await this.organizations.exists(scope.organizationId))) {
      throw new OrganizationNotFoundError(scope.organizationId);
    }
  }
}

function filtersOf(parameters: UsageQueryParameters): UsageFilters {
  const filters: UsageFilters = {};
  if (parameters.provider !== undefined) filters.provider = parameters.provider;
  if (parameters.modelId !== undefined) {
    filters.modelId = parameters.modelId.toLowerCase();
  }

  return filters;
}
