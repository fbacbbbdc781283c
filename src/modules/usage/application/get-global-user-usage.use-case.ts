import { Injectable } from '@nestjs/common';
import { withActivity } from '../domain/user-usage';
import { UserUsageCriteria, UserUsageList } from './get-user-usage.use-case';
import { UserUsageRepository } from './ports/user-usage.repository';

/** Lists every user of every organization with their usage in a range. */
@Injectable()
export class GetGlobalUserUsageUseCase {
  constructor(private readonly repository: UserUsageRepository) {}

  async execute(criteria: UserUsageCriteria): Promise<UserUsageList> {
    const page = await this.repository.findPage({
      ...criteria,
      organizationId: null,
    });
    const now = new Date();

    return {
      users: page.rows.map((totals) => withActivity(totals, now)),
      total: page.total,
    };
  }
}
