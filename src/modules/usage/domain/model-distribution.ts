import { withPercentages } from './usage-percentages';
import { ModelRanking, ModelUsage } from './usage-totals';

export type ModelShare = ModelUsage & { percentage: number };

/** The models past the ranked ones, summed. */
export interface OtherModelsShare {
  modelCount: number;
  tokens: number;
  requests: number;
  percentage: number;
}

export interface ModelDistribution {
  models: ModelShare[];
  /** Null when every model with usage is among `models`. */
  others: OtherModelsShare | null;
}

/**
 * Builds the distribution from a ranking: the ranked models, and one
 * "others" row for the rest. Percentages are shares of all tokens, split
 * so that the models and the others row add up to 100.
 */
export function toModelDistribution(ranking: ModelRanking): ModelDistribution {
  const { models } = ranking;
  const otherCount = ranking.modelCount - models.length;
  if (otherCount <= 0) return { models: withPercentages(models), others: null };

  const others = {
    modelCount: otherCount,
    tokens: ranking.tokens - sumOf(models, (model) => model.tokens),
    requests: ranking.requests - sumOf(models, (model) => model.requests),
  };
  const shares = withPercentages([...models, others]);

  return {
    models: shares.slice(0, models.length) as ModelShare[],
    others: shares[models.length] as OtherModelsShare,
  };
}

function sumOf<Row>(rows: readonly Row[], value: (row: Row) => number): number {
  return rows.reduce((sum, row) => sum + value(row), 0);
}
