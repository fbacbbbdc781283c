import { Injectable } from '@nestjs/common';
import { UserUsage, UserUsageSort, withActivity } from '../domain/user-usage';
import { UsageScope } from '../domain/usage-scope';
import { UserUsageRepository } from './ports/user-usage.repository';
import {
  UsageQueryParameters,
  UsageQueryResolver,
} from './usage-query.resolver';

/** Query parameters of a user listing, as the HTTP layer validated their form. */
export interface UserUsageParameters extends Omit<
  UsageQueryParameters,
  'granularity'
> {
  search?: string;
  sort: UserUsageSort;
  limit: number;
  offset: number;
}

export interface UserUsageList {
  users: UserUsage[];
  /** Number of users matching the search, whatever the limit and offset. */
  total: number;
}

/** Resolves the range and filters, then reads one page of users in the scope. */
export async function listUserUsage(
  resolver: UsageQueryResolver,
  repository: UserUsageRepository,
  scope: UsageScope,
  parameters: UserUsageParameters,
): Promise<UserUsageList> {
  const { range, filters } = await resolver.resolve(scope, parameters);
  const { search, sort, limit, offset } = parameters;

  const page = await repository.findPage({
    scope,
    range,
    filters,
    search,
    sort,
    limit,
    offset,
  });
  const now = new Date();

  return {
    users: page.rows.map((totals) => withActivity(totals, now)),
    total: page.total,
  };
}

/**
 * Lists every member of one organization, whatever their role or
 * deactivation, with their usage in a range. Throws
 * OrganizationNotFoundError when the organization does not exist.
 */
@Injectable()
export class GetUserUsageUseCase {
  constructor(
    private readonly resolver: UsageQueryResolver,
    private readonly repository: UserUsageRepository,
  ) {}

  execute(
    organizationId: string,
    parameters: UserUsageParameters,
  ): Promise<UserUsageList> {
    const scope: UsageScope = { kind: 'organization', organizationId };

    return listUserUsage(this.resolver, this.repository, scope, parameters);
  }
}
