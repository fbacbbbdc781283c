import { UsageRange } from '../domain/usage-range';
import { UsageScope } from '../domain/usage-scope';

/** Width of the buckets of the finest organization and global rollups. */
export const QUARTER_HOUR_MS = 15 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
/** Width of the buckets of the daily rollups and the user rollup (UTC days). */
export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;
/** Monday 1970-01-05 00:00 UTC: the weeks of the weekly user rollup start on it. */
export const WEEK_ORIGIN_MS = 4 * DAY_MS;

/**
 * A rollup tier: level 1 is the 15-minute rollup, 2 the hourly one and 3
 * the daily (UTC) one. Level 0 is the raw rows.
 */
export interface RollupTier {
  level: number;
  widthMs: number;
  organizationTable: string;
  globalTable: string;
}

/** The tiers from finest to coarsest; `TIERS[level - 1]` is the tier of that level. */
export const TIERS: RollupTier[] = [
  {
    level: 1,
    widthMs: QUARTER_HOUR_MS,
    organizationTable: 'usage_organization_rollup',
    globalTable: 'usage_global_rollup',
  },
  {
    level: 2,
    widthMs: HOUR_MS,
    organizationTable: 'usage_organization_hourly_rollup',
    globalTable: 'usage_global_hourly_rollup',
  },
  {
    level: 3,
    widthMs: DAY_MS,
    organizationTable: 'usage_organization_daily_rollup',
    globalTable: 'usage_global_daily_rollup',
  },
];

export const COARSEST_LEVEL = TIERS.length;

/**
 * Returns the rollup per UTC calendar month of a scope. It is not one of
 * the tiers above, because a month has no fixed width, so only measure
 * sources without chart buckets read it.
 */
export function monthlyTable(scope: UsageScope): string {
  return scope.kind === 'global'
    ? 'usage_global_monthly_rollup'
    : 'usage_organization_monthly_rollup';
}

/** Returns the table of a tier for a scope. */
export function tierTable(level: number, scope: UsageScope): string {
  const tier = TIERS[level - 1];

  return scope.kind === 'global' ? tier.globalTable : tier.organizationTable;
}

/**
 * A range split at bucket boundaries: the whole buckets in between come
 * from a rollup, the partial edges from raw rows. `whole` is null when the
 * range contains no whole bucket, or 'all' without a range.
 */
export interface SplitRange {
  whole: UsageRange | 'all' | null;
  edges: UsageRange[];
}

/** Splits a range into the whole buckets from wholeStart to wholeEnd and the edges around them. */
function splitAt(
  range: UsageRange,
  wholeStart: number,
  wholeEnd: number,
): SplitRange {
  const start = range.start.getTime();
  const end = range.end.getTime();
  if (wholeStart >= wholeEnd) {
    return { whole: null, edges: start < end ? [range] : [] };
  }

  const edges: UsageRange[] = [];
  if (start < wholeStart) {
    edges.push({ start: range.start, end: new Date(wholeStart) });
  }
  if (wholeEnd < end) {
    edges.push({ start: new Date(wholeEnd), end: range.end });
  }

  return {
    whole: { start: new Date(wholeStart), end: new Date(wholeEnd) },
    edges,
  };
}

/**
 * Splits a range at `originMs` plus multiples of `widthMs`, by default at
 * multiples since the Unix epoch. The rollup buckets start on those,
 * because their own origin, 2000-01-01 00:00 UTC, is whole days after it.
 */
export function splitRange(
  range: UsageRange | null,
  widthMs: number,
  originMs = 0,
): SplitRange {
  if (range === null) return { whole: 'all', edges: [] };

  const start = range.start.getTime();
  const end = range.end.getTime();
  const wholeStart =
    Math.ceil((start - originMs) / widthMs) * widthMs + originMs;
  const wholeEnd = Math.floor((end - originMs) / widthMs) * widthMs + originMs;

  return splitAt(range, wholeStart, wholeEnd);
}

/**
 * Returns the start of a UTC calendar month in milliseconds. A month of 12
 * or more rolls over into the next years. Unlike Date.UTC, it keeps the
 * years 0 to 99 as given instead of reading them as 1900 to 1999.
 */
export function utcMonthStart(year: number, month: number): number {
  return new Date(0).setUTCFullYear(year, month, 1);
}

/** Splits a range at the starts of UTC calendar months, as splitRange does at fixed widths. */
export function splitMonths(range: UsageRange | null): SplitRange {
  if (range === null) return { whole: 'all', edges: [] };

  const monthOf = (date: Date) =>
    utcMonthStart(date.getUTCFullYear(), date.getUTCMonth());
  let wholeStart = monthOf(range.start);
  if (wholeStart < range.start.getTime()) {
    const next = new Date(wholeStart);
    next.setUTCMonth(next.getUTCMonth() + 1);
    wholeStart = next.getTime();
  }
  const wholeEnd = monthOf(range.end);

  return splitAt(range, wholeStart, wholeEnd);
}

/** A part of a range served by one tier (level 0: raw rows). */
export interface TierPiece {
  level: number;
  range: UsageRange | 'all';
}

/**
 * Splits a range into pieces of whole buckets of the coarsest tier up to
 * `maxLevel`, its remainders into whole buckets of the next finer tier,
 * and so on down to raw rows. The pieces are disjoint and cover the range.
 */
export function tierPieces(
  range: UsageRange | null,
  maxLevel: number,
): TierPiece[] {
  if (maxLevel === 0) return [{ level: 0, range: range ?? 'all' }];

  const split = splitRange(range, TIERS[maxLevel - 1].widthMs);
  const pieces: TierPiece[] =
    split.whole === null ? [] : [{ level: maxLevel, range: split.whole }];
  for (const edge of split.edges) {
    pieces.push(...tierPieces(edge, maxLevel - 1));
  }

  return pieces;
}
