import { Injectable } from '@nestjs/common';
import { UnknownOrganizationError } from '../domain/usage.errors';
import { UserUsage, withActivity } from '../domain/user-usage';
import {
  UserUsageQuery,
  UserUsageRepository,
} from './ports/user-usage.repository';

/** Range, filters, search, sort and page of a user listing. */
export type UserUsageCriteria = Omit<UserUsageQuery, 'organizationId'>;

export interface UserUsageList {
  users: UserUsage[];
  /** Number of users matching the search, whatever the limit and offset. */
  total: number;
}

/**
 * Lists every member of one organization with their usage in a range,
 * members without usage included. Throws UnknownOrganizationError when the
 * organization does not exist.
 */
@Injectable()
export class GetUserUsageUseCase {
  constructor(private readonly repository: UserUsageRepository) {}

  async execute(
    organizationId: string,
    criteria: UserUsageCriteria,
  ): Promise<UserUsageList> {
    if (!(await this.repository.organizationExists(organizationId))) {
      throw new UnknownOrganizationError(organizationId);
    }

    const page = await this.repository.findPage({
      ...criteria,
      organizationId,
    });
    const now = new Date();

    return {
      users: page.rows.map((totals) => withActivity(totals, now)),
      total: page.total,
    };
  }
}
