import { Injectable } from '@nestjs/common';
import { CurrencyAmount } from '../../../common/domain/money';
import {
  ProviderTimeSeries,
  SeriesPoint,
  seriesByProvider,
} from '../domain/provider-time-series';
import { withPercentages } from '../domain/usage-percentages';
import { UsageScope } from '../domain/usage-scope';
import { UsageRepository } from './ports/usage.repository';
import {
  UsageQueryParameters,
  UsageQueryResolver,
} from './usage-query.resolver';

export interface ProviderUsageParameters extends UsageQueryParameters {
  /** Defaults to true. */
  includeTimeSeries?: boolean;
}

export interface ProviderShare {
  provider: string;
  tokens: number;
  requests: number;
  percentage: number;
  costs: CurrencyAmount[];
  /** Absent when the time series was not requested. */
  timeSeries?: SeriesPoint[];
}

/**
 * Lists the providers of a scope by tokens, with their share of tokens,
 * costs and, unless turned off, a time series each.
 */
@Injectable()
export class GetProviderUsageUseCase {
  constructor(
    private readonly resolver: UsageQueryResolver,
    private readonly usage: UsageRepository,
  ) {}

  async execute(
    scope: UsageScope,
    parameters: ProviderUsageParameters,
  ): Promise<{ providers: ProviderShare[] }> {
    const includeTimeSeries = parameters.includeTimeSeries ?? true;
    const query = await this.resolver.resolve(scope, parameters, {
      series: includeTimeSeries,
    });

    const noSeries: ProviderTimeSeries = { bucketStarts: [], points: [] };
    const [providers, series] = await Promise.all([
      this.usage.sumByProvider(query),
      includeTimeSeries
        ? this.usage.sumByProviderAndBucket(query)
        : Promise.resolve(noSeries),
    ]);

    const shares: ProviderShare[] = withPercentages(providers);
    if (includeTimeSeries) {
      const byProvider = seriesByProvider(series, query.timeZone);
      for (const share of shares) {
        share.timeSeries = byProvider.get(share.provider) ?? [];
      }
    }

    return { providers: shares };
  }
}

/** The providers of all organizations together. */
@Injectable()
export class GetGlobalProviderUsageUseCase {
  constructor(private readonly providers: GetProviderUsageUseCase) {}

  execute(
    parameters: ProviderUsageParameters,
  ): Promise<{ providers: ProviderShare[] }> {
    return this.providers.execute({ kind: 'global' }, parameters);
  }
}
