import { Injectable } from '@nestjs/common';
import { CurrencyAmount } from '../../../common/domain/money';
import { UsageScope } from '../domain/usage-scope';
import { UsageRepository } from './ports/usage.repository';
import {
  UsageQueryParameters,
  UsageQueryResolver,
} from './usage-query.resolver';

/** How many model names the stats list. */
export const TOP_MODEL_COUNT = 5;

export interface UsageStats {
  totalTokens: number;
  inputTokens: number;
  outputTokens: number;
  totalRequests: number;
  activeUsers: number;
  totalUsers: number;
  /** Display names of the first models by tokens, at most TOP_MODEL_COUNT. */
  topModels: string[];
  costs: CurrencyAmount[];
  unpricedRequests: number;
}

/** Sums the usage of a scope in a range, with its users and top models. */
@Injectable()
export class GetUsageStatsUseCase {
  constructor(
    private readonly resolver: UsageQueryResolver,
    private readonly usage: UsageRepository,
  ) {}

  async execute(
    scope: UsageScope,
    parameters: UsageQueryParameters,
  ): Promise<UsageStats> {
    const query = await this.resolver.resolve(scope, parameters, {
      series: false,
    });

    const { totals, userCount, topModels } = await this.usage.summarize(
      query,
      TOP_MODEL_COUNT,
    );

    return {
      totalTokens: totals.totalTokens,
      inputTokens: totals.inputTokens,
      outputTokens: totals.outputTokens,
      totalRequests: totals.requests,
      activeUsers: totals.activeUsers,
      totalUsers: userCount,
      topModels,
      costs: totals.costs,
      unpricedRequests: totals.unpricedRequests,
    };
  }
}

/** The stats of all organizations together; totalUsers counts every user. */
@Injectable()
export class GetGlobalUsageStatsUseCase {
  constructor(private readonly stats: GetUsageStatsUseCase) {}

  execute(parameters: UsageQueryParameters): Promise<UsageStats> {
    return this.stats.execute({ kind: 'global' }, parameters);
  }
}
