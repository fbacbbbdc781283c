import { UsageQuery, UsageFilters } from '../../domain/usage-query';
import { UsageRange } from '../../domain/usage-range';
import { UsageScope } from '../../domain/usage-scope';
import {
  ModelRanking,
  ProviderBucketUsage,
  ProviderUsage,
  UsageTotals,
} from '../../domain/usage-totals';

/**
 * The dashboard queries. Each takes a scope, so one method serves an
 * organization and the whole platform alike.
 */
export abstract class UsageRepository {
  /**
   * The range from the first record matching the scope and filters to just
   * after the last one, or null when none matches.
   */
  abstract findTimeBounds(
    scope: UsageScope,
    filters: UsageFilters,
  ): Promise<UsageRange | null>;

  abstract sumTotals(query: UsageQuery): Promise<UsageTotals>;

  /** Users of the organization whatever their role, or every user for the global scope. */
  abstract countUsers(scope: UsageScope): Promise<number>;

  /** Providers by tokens descending, then by name (byte order). */
  abstract sumByProvider(query: UsageQuery): Promise<ProviderUsage[]>;

  /**
   * Every provider with usage in the range, in every bucket of the range
   * (zeros included), ordered by provider name (byte order) then bucket.
   */
  abstract sumByProviderAndBucket(
    query: UsageQuery,
  ): Promise<ProviderBucketUsage[]>;

  /**
   * The first `limit` models by tokens descending, then display name (byte
   * order), then model id, with totals over all models.
   */
  abstract rankModels(query: UsageQuery, limit: number): Promise<ModelRanking>;
}
