import { ProviderTimeSeries } from '../../domain/provider-time-series';
import { UsageFilters, UsageQuery } from '../../domain/usage-query';
import { UsageRange } from '../../domain/usage-range';
import { UsageScope } from '../../domain/usage-scope';
import {
  ModelRanking,
  ProviderUsage,
  UsageSummary,
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
   * Every bucket of the range in order and, in each, every provider with
   * usage in the range (zeros included). No buckets without a range.
   */
  abstract sumByProviderAndBucket(
    query: UsageQuery,
  ): Promise<ProviderTimeSeries>;

  /**
   * The first `limit` models by tokens descending, then display name (byte
   * order), then model id, with totals over all models.
   */
  abstract rankModels(query: UsageQuery, limit: number): Promise<ModelRanking>;

  /**
   * Returns what sumTotals and countUsers (of the query's scope) return
   * and the display names of the models of rankModels, read together in
   * one round trip.
   */
  abstract summarize(
    query: UsageQuery,
    modelLimit: number,
  ): Promise<UsageSummary>;
}
