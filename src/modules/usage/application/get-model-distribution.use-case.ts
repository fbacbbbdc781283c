import { Injectable } from '@nestjs/common';
import {
  ModelDistribution,
  toModelDistribution,
} from '../domain/model-distribution';
import { UsageScope } from '../domain/usage-scope';
import { UsageRepository } from './ports/usage.repository';
import {
  UsageQueryParameters,
  UsageQueryResolver,
} from './usage-query.resolver';

export const DEFAULT_MAX_MODELS = 10;

export interface ModelDistributionParameters extends UsageQueryParameters {
  /** How many models to list before the "others" row; 1 to 100. */
  maxModels?: number;
}

/** Ranks the models of a scope by tokens, the rest summed as "others". */
@Injectable()
export class GetModelDistributionUseCase {
  constructor(
    private readonly resolver: UsageQueryResolver,
    private readonly usage: UsageRepository,
  ) {}

  async execute(
    scope: UsageScope,
    parameters: ModelDistributionParameters,
  ): Promise<ModelDistribution> {
    const query = await this.resolver.resolve(scope, parameters, {
      series: false,
    });
    const ranking = await this.usage.rankModels(
      query,
      parameters.maxModels ?? DEFAULT_MAX_MODELS,
    );

    return toModelDistribution(ranking);
  }
}

/** The model distribution of all organizations together. */
@Injectable()
export class GetGlobalModelDistributionUseCase {
  constructor(private readonly distribution: GetModelDistributionUseCase) {}

  execute(parameters: ModelDistributionParameters): Promise<ModelDistribution> {
    return this.distribution.execute({ kind: 'global' }, parameters);
  }
}
