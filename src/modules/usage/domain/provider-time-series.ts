import { formatBucketLabel } from './usage-buckets';
import { ProviderBucketUsage } from './usage-totals';

/** One bucket of one provider's series, labelled by the bucket start. */
export interface SeriesPoint {
  date: string;
  tokens: number;
  requests: number;
}

/** One bucket of the provider chart: tokens per provider name. */
export interface ChartPoint {
  date: string;
  values: Record<string, number>;
}

/** Buckets of the range in order, with each provider's usage in them. */
export interface ProviderTimeSeries {
  bucketStarts: Date[];
  points: ProviderBucketUsage[];
}

/** Groups the points by provider into labelled series, buckets in order. */
export function seriesByProvider(
  series: ProviderTimeSeries,
  timeZone: string,
): Map<string, SeriesPoint[]> {
  const byProvider = new Map<string, SeriesPoint[]>();
  // Providers share their buckets, so each label is formatted once.
  const labels = new Map<number, string>();
  const labelOf = (start: Date) => {
    let label = labels.get(start.getTime());
    if (label === undefined) {
      label = formatBucketLabel(start, timeZone);
      labels.set(start.getTime(), label);
    }

    return label;
  };
  for (const point of sortedByBucket(series.points)) {
    const points = byProvider.get(point.provider) ?? [];
    points.push({
      date: labelOf(point.bucketStart),
      tokens: point.tokens,
      requests: point.requests,
    });
    byProvider.set(point.provider, points);
  }

  return byProvider;
}

/** Builds one chart point per bucket, with every provider's tokens in it. */
export function chartPoints(
  series: ProviderTimeSeries,
  timeZone: string,
): ChartPoint[] {
  const valuesByBucket = new Map<number, Record<string, number>>();
  for (const start of series.bucketStarts) {
    valuesByBucket.set(start.getTime(), {});
  }
  for (const point of series.points) {
    const values = valuesByBucket.get(point.bucketStart.getTime());
    if (values !== undefined) values[point.provider] = point.tokens;
  }

  return series.bucketStarts.map((start) => ({
    date: formatBucketLabel(start, timeZone),
    values: valuesByBucket.get(start.getTime()) ?? {},
  }));
}

function sortedByBucket(points: ProviderBucketUsage[]): ProviderBucketUsage[] {
  return [...points].sort(
    (a, b) => a.bucketStart.getTime() - b.bucketStart.getTime(),
  );
}
