import { DateTime } from 'luxon';
import { InvalidUsageQueryError } from './usage-query.errors';
import { UsageRange } from './usage-range';

/** Time-series bucket sizes, finest first. Weeks are ISO weeks (Monday). */
export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const GRANULARITY_PARAMETERS = [...GRANULARITIES, 'auto'] as const;
export type GranularityParameter = (typeof GRANULARITY_PARAMETERS)[number];

/** `auto` picks the finest granularity with at most this many buckets. */
export const MAX_AUTO_BUCKETS = 400;
/** An explicit granularity with more buckets than this is rejected. */
export const MAX_BUCKETS = 1000;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Counts the buckets of a range in `timeZone`: from the bucket that
 * contains the start to the one that contains the last instant before the
 * end. Partial buckets at either end count as whole ones.
 */
export function countBuckets(
  range: UsageRange,
  granularity: Granularity,
  timeZone: string,
): number {
  if (range.start >= range.end) return 0;

  const first = DateTime.fromJSDate(range.start, { zone: timeZone }).startOf(
    granularity,
  );
  const last = DateTime.fromJSDate(new Date(range.end.getTime() - 1), {
    zone: timeZone,
  }).startOf(granularity);

  // Hours are real hours, so a 25-hour day has 25 of them; days, weeks and
  // months are calendar units of the zone's wall clock.
  // NOTE: a zone whose daylight-saving shift is not a whole hour
  // (Australia/Lord_Howe) may count one hour more or less than the series.
  if (granularity === 'hour') {
    return Math.round((last.toMillis() - first.toMillis()) / HOUR_MS) + 1;
  }

  // Both ends are at the start of a calendar unit, so their wall-clock dates
  // give the count that luxon's diff returns, at a fraction of its cost.
  const days = (civilDay(last) - civilDay(first)) / DAY_MS;
  switch (granularity) {
    case 'day':
      return days + 1;
    case 'week':
      return days / 7 + 1;
    case 'month':
      return (last.year - first.year) * 12 + (last.month - first.month) + 1;
  }
}

/** Midnight UTC of a DateTime's wall-clock date, in milliseconds. */
function civilDay(dateTime: DateTime): number {
  // setUTCFullYear, unlike Date.UTC, keeps the years 0 to 99 as given.
  return new Date(0).setUTCFullYear(
    dateTime.year,
    dateTime.month - 1,
    dateTime.day,
  );
}

/**
 * Resolves the granularity parameter for a range. `auto` picks the finest
 * with at most MAX_AUTO_BUCKETS buckets (month when none does); an explicit
 * one with more than MAX_BUCKETS buckets is rejected. Without a range
 * there are no buckets, so `auto` becomes `day`.
 */
export function resolveGranularity(
  requested: GranularityParameter,
  range: UsageRange | null,
  timeZone: string,
): Granularity {
  if (range === null) return requested === 'auto' ? 'day' : requested;

  if (requested === 'auto') {
    const fitting = GRANULARITIES.find(
      (granularity) =>
        countBuckets(range, granularity, timeZone) <= MAX_AUTO_BUCKETS,
    );

    return fitting ?? 'month';
  }

  const count = countBuckets(range, requested, timeZone);
  if (count > MAX_BUCKETS) {
    throw new InvalidUsageQueryError(
      'granularity',
      `${requested} gives ${count} buckets for this range, more than the maximum of ${MAX_BUCKETS}; choose a coarser granularity or a shorter range`,
    );
  }

  return requested;
}

/**
 * Formats a bucket start as its label: `YYYY-MM-DDTHH:mm:ss±HH:MM` on the
 * wall clock of `timeZone` (`+00:00` for UTC), so the two hours of an
 * autumn daylight-saving change differ by their offsets.
 * NOTE: PostgreSQL computes the bucket starts with its own tz database,
 * but luxon formats them with Node's ICU data. If the two versions differ
 * for a zone, its labels can fall off the local bucket boundary.
 */
export function formatBucketLabel(start: Date, timeZone: string): string {
  return DateTime.fromJSDate(start, { zone: timeZone }).toFormat(
    "yyyy-MM-dd'T'HH:mm:ssZZ",
  );
}
