import { Injectable } from '@nestjs/common';
import { ChartPoint, chartPoints } from '../domain/provider-time-series';
import { UsageScope } from '../domain/usage-scope';
import { UsageRepository } from './ports/usage.repository';
import {
  UsageQueryParameters,
  UsageQueryResolver,
} from './usage-query.resolver';

/** Builds the tokens of every provider in every bucket of the range. */
@Injectable()
export class GetProviderChartUseCase {
  constructor(
    private readonly resolver: UsageQueryResolver,
    private readonly usage: UsageRepository,
  ) {}

  async execute(
    scope: UsageScope,
    parameters: UsageQueryParameters,
  ): Promise<{ timeSeries: ChartPoint[] }> {
    const query = await this.resolver.resolve(scope, parameters);
    const series = await this.usage.sumByProviderAndBucket(query);

    return { timeSeries: chartPoints(series, query.timeZone) };
  }
}

/** The provider chart of all organizations together. */
@Injectable()
export class GetGlobalProviderChartUseCase {
  constructor(private readonly chart: GetProviderChartUseCase) {}

  execute(
    parameters: UsageQueryParameters,
  ): Promise<{ timeSeries: ChartPoint[] }> {
    return this.chart.execute({ kind: 'global' }, parameters);
  }
}
