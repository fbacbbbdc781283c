import { Granularity } from './usage-buckets';
import { UsageRange } from './usage-range';
import { UsageScope } from './usage-scope';

/** Filters on the usage records counted; absent means no filter. */
export interface UsageFilters {
  provider?: string;
  modelId?: string;
}

/** A dashboard query with its parameters checked and resolved. */
export interface UsageQuery {
  scope: UsageScope;
  /**
   * The instants counted. Without startDate and endDate it spans the
   * records in scope that match the filters; null when there are none.
   */
  range: UsageRange | null;
  /** IANA name whose wall clock the time-series buckets follow. */
  timeZone: string;
  granularity: Granularity;
  filters: UsageFilters;
}
