import { Injectable } from '@nestjs/common';
import {
  listUserUsage,
  UserUsageList,
  UserUsageParameters,
} from './get-user-usage.use-case';
import { UserUsageRepository } from './ports/user-usage.repository';
import { UsageQueryResolver } from './usage-query.resolver';

/** Lists every user of every organization with their usage in a range. */
@Injectable()
export class GetGlobalUserUsageUseCase {
  constructor(
    private readonly resolver: UsageQueryResolver,
    private readonly repository: UserUsageRepository,
  ) {}

  execute(parameters: UserUsageParameters): Promise<UserUsageList> {
    return listUserUsage(
      this.resolver,
      this.repository,
      { kind: 'global' },
      parameters,
    );
  }
}
