import { CurrencyAmount } from '../../../../common/domain/money';
import { UsageStats } from '../../application/get-usage-stats.use-case';
import { ProviderShare } from '../../application/get-provider-usage.use-case';
import { ModelDistribution } from '../../domain/model-distribution';
import { ChartPoint } from '../../domain/provider-time-series';
import {
  ModelDistributionResponseDto,
  ModelUsageDto,
} from './model-distribution.response';
import {
  ProviderChartResponseDto,
  ProviderUsageDto,
  ProviderUsageResponseDto,
} from './provider-usage.response';
import { UsageCostDto } from './usage-cost.response';
import { UsageStatsDto } from './usage-stats.response';

function toCostDtos(costs: CurrencyAmount[]): UsageCostDto[] {
  return costs.map(({ currency, amount }) => ({ currency, amount }));
}

export function toUsageStatsDto(stats: UsageStats): UsageStatsDto {
  return {
    totalTokens: stats.totalTokens,
    inputTokens: stats.inputTokens,
    outputTokens: stats.outputTokens,
    totalRequests: stats.totalRequests,
    activeUsers: stats.activeUsers,
    totalUsers: stats.totalUsers,
    topModels: [...stats.topModels],
    costs: toCostDtos(stats.costs),
    unpricedRequests: stats.unpricedRequests,
  };
}

function toProviderUsageDto(share: ProviderShare): ProviderUsageDto {
  const dto: ProviderUsageDto = {
    provider: share.provider,
    tokens: share.tokens,
    requests: share.requests,
    percentage: share.percentage,
    costs: toCostDtos(share.costs),
  };
  if (share.timeSeries !== undefined) {
    dto.timeSeries = share.timeSeries.map(({ date, tokens, requests }) => ({
      date,
      tokens,
      requests,
    }));
  }

  return dto;
}

export function toProviderUsageResponseDto(result: {
  providers: ProviderShare[];
}): ProviderUsageResponseDto {
  return { providers: result.providers.map(toProviderUsageDto) };
}

export function toProviderChartResponseDto(result: {
  timeSeries: ChartPoint[];
}): ProviderChartResponseDto {
  return {
    timeSeries: result.timeSeries.map(({ date, values }) => ({
      date,
      values: { ...values },
    })),
  };
}

export function toModelDistributionResponseDto(
  distribution: ModelDistribution,
): ModelDistributionResponseDto {
  const models: ModelUsageDto[] = distribution.models.map((model) => ({
    modelId: model.modelId,
    modelName: model.modelName,
    displayName: model.displayName,
    provider: model.provider,
    tokens: model.tokens,
    requests: model.requests,
    percentage: model.percentage,
    costs: toCostDtos(model.costs),
  }));
  const { others } = distribution;

  return {
    models,
    others:
      others === null
        ? null
        : {
            modelCount: others.modelCount,
            tokens: others.tokens,
            requests: others.requests,
            percentage: others.percentage,
          },
  };
}
