import { CurrencyAmount } from '../../../common/domain/money';

/** Sums over the usage records of a query. Costs are one amount per currency. */
export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  requests: number;
  /** Distinct users with at least one request; usage without a user is not counted. */
  activeUsers: number;
  /** Requests of models without a price, whose cost is null. */
  unpricedRequests: number;
  /** Sorted by currency; never summed across currencies. */
  costs: CurrencyAmount[];
}

export interface ProviderUsage {
  provider: string;
  tokens: number;
  requests: number;
  costs: CurrencyAmount[];
}

/** One provider's usage in one time-series bucket. */
export interface ProviderBucketUsage {
  provider: string;
  bucketStart: Date;
  tokens: number;
  requests: number;
}

/** A model's usage, named as the catalog names it now. */
export interface ModelUsage {
  modelId: string;
  modelName: string;
  displayName: string;
  provider: string;
  tokens: number;
  requests: number;
  costs: CurrencyAmount[];
}

/** The first models of the ranking, with totals over every model. */
export interface ModelRanking {
  models: ModelUsage[];
  modelCount: number;
  tokens: number;
  requests: number;
}

/** The totals, the user count and the top models of one query. */
export interface UsageSummary {
  totals: UsageTotals;
  /** Users of the scope whatever their role, as UsageRepository.countUsers counts them. */
  userCount: number;
  /** Display names of the first models of rankModels, in its order. */
  topModels: string[];
}
