import { UsageFilters } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { organizationIdOf, UsageScope } from '../domain/usage-scope';
import { BoundParameters, usageConditions } from './usage-filter.sql';
import { PENDING_USAGE, rollupConditions } from './rollup-usage-source.sql';
import {
  DAY_MS,
  splitMonths,
  splitRange,
  SplitRange,
  utcMonthStart,
  WEEK_MS,
  WEEK_ORIGIN_MS,
} from './rollup-usage-tiers.sql';

/** Checks whether the user rollup can serve the filters: it has no model or provider. */
export function userRollupServes(filters: UsageFilters): boolean {
  return filters.provider === undefined && filters.modelId === undefined;
}

/** The per-user rollups from coarsest to finest, then the raw rows. */
const USER_TIERS = ['month', 'week', 'day'] as const;
export type UserTier = (typeof USER_TIERS)[number];

/** A range read from one user rollup or the raw rows, added or subtracted. */
export type UserRollupPiece =
  | { tier: UserTier; range: UsageRange | 'all'; sign: 1 | -1 }
  | { tier: 'raw'; range: UsageRange; sign: 1 | -1 };

function splitTier(tier: UserTier, range: UsageRange | null): SplitRange {
  if (tier === 'month') return splitMonths(range);
  if (tier === 'week') return splitRange(range, WEEK_MS, WEEK_ORIGIN_MS);

  return splitRange(range, DAY_MS);
}

/** Returns the bucket of a tier that contains an instant. */
function bucketOf(tier: UserTier, instant: Date): UsageRange {
  if (tier === 'month') {
    const year = instant.getUTCFullYear();
    const month = instant.getUTCMonth();

    return {
      start: new Date(utcMonthStart(year, month)),
      end: new Date(utcMonthStart(year, month + 1)),
    };
  }

  const [widthMs, originMs] =
    tier === 'week' ? [WEEK_MS, WEEK_ORIGIN_MS] : [DAY_MS, 0];
  const start =
    Math.floor((instant.getTime() - originMs) / widthMs) * widthMs + originMs;

  return { start: new Date(start), end: new Date(start + widthMs) };
}

/** Lists the starts of the buckets of a tier that begin within a range. */
export function bucketStartsWithin(tier: UserTier, range: UsageRange): Date[] {
  const starts: Date[] = [];
  let bucket = bucketOf(tier, range.start);
  if (bucket.start < range.start) bucket = bucketOf(tier, bucket.end);
  while (bucket.start < range.end) {
    starts.push(bucket.start);
    bucket = bucketOf(tier, bucket.end);
  }

  return starts;
}

/** Cuts a range that contains no whole bucket of a tier at the bucket starts within it. */
function cutAtBuckets(tier: UserTier, range: UsageRange): UsageRange[] {
  const parts: UsageRange[] = [];
  let start = range.start;
  while (start < range.end) {
    const end = new Date(
      Math.min(bucketOf(tier, start).end.getTime(), range.end.getTime()),
    );
    parts.push({ start, end });
    start = end;
  }

  return parts;
}

/**
 * Splits a range into pieces of the user rollups: whole UTC months, then
 * whole ISO weeks, then whole UTC days, then raw rows. A remainder that
 * covers more than half of its bucket is read as the whole bucket minus
 * the rest of it, split the same way one tier finer. Each bucket costs
 * about one row per active user whatever its width, so fewer buckets read
 * fewer rows. Summing the
 * pieces with their signs counts every instant of the range once and no
 * other instant. Adjacent pieces of one tier and sign are merged.
 */
export function userRollupPieces(range: UsageRange | null): UserRollupPiece[] {
  const merged: UserRollupPiece[] = [];
  for (const piece of piecesFrom(range, 0, 1)) {
    const last = merged.at(-1);
    if (
      last !== undefined &&
      last.tier === piece.tier &&
      last.sign === piece.sign &&
      last.range !== 'all' &&
      piece.range !== 'all' &&
      last.range.end.getTime() === piece.range.start.getTime()
    ) {
      last.range = { start: last.range.start, end: piece.range.end };
      continue;
    }
    merged.push(piece);
  }

  return merged;
}

function piecesFrom(
  range: UsageRange | null,
  level: number,
  sign: 1 | -1,
): UserRollupPiece[] {
  if (level === USER_TIERS.length) {
    return range === null ? [] : [{ tier: 'raw', range, sign }];
  }

  const tier = USER_TIERS[level];
  const split = splitTier(tier, range);
  const pieces: UserRollupPiece[] =
    split.whole === null ? [] : [{ tier, range: split.whole, sign }];
  for (const part of split.edges.flatMap((edge) => cutAtBuckets(tier, edge))) {
    const bucket = bucketOf(tier, part.start);
    const covered = part.end.getTime() - part.start.getTime();
    if (covered * 2 <= bucket.end.getTime() - bucket.start.getTime()) {
      pieces.push(...piecesFrom(part, level + 1, sign));
      continue;
    }

    const opposite = sign === 1 ? -1 : 1;
    pieces.push({ tier, range: bucket, sign });
    if (bucket.start < part.start) {
      const before = { start: bucket.start, end: part.start };
      pieces.push(...piecesFrom(before, level + 1, opposite));
    }
    if (part.end < bucket.end) {
      const after = { start: part.end, end: bucket.end };
      pieces.push(...piecesFrom(after, level + 1, opposite));
    }
  }

  return pieces;
}

export const USER_ROLLUP_TABLES: Record<
  UserTier,
  { table: string; column: string }
> = {
  month: { table: 'usage_user_monthly_rollup', column: 'month_start' },
  week: { table: 'usage_user_weekly_rollup', column: 'week_start' },
  day: { table: 'usage_user_daily_rollup', column: 'day_start' },
};

/**
 * Builds a subquery of (user_id, currency, requests, total_tokens,
 * priced_requests, cost) over the usage with a user in a scope and range,
 * from the pieces of userRollupPieces; subtracted pieces have negated
 * measures. Only for queries without filters (see userRollupServes).
 * `organizations`, an SQL expression of a uuid array, further limits the
 * rollup rows to those organizations, so that the rows of a few users
 * come from the primary keys.
 */
export function userSourceSql(
  parameters: BoundParameters,
  scope: UsageScope,
  range: UsageRange | null,
  organizations?: string,
): string {
  const organizationCondition = (alias: string) =>
    organizations === undefined
      ? ''
      : ` AND ${alias}.organization_id = ANY(${organizations})`;
  // Rows of raw table `table`: usage, or the pending rows that a rollup
  // piece counts beside its rollup rows.
  const rawSql = (
    table: string,
    range: UsageRange | 'all',
    minus: string,
    restricted: string,
  ) => `
      SELECT u.user_id, u.currency, ${minus}1::bigint AS requests,
             ${minus}u.total_tokens AS total_tokens,
             ${minus}(u.cost IS NOT NULL)::int::bigint AS priced_requests,
             ${minus}coalesce(u.cost, 0) AS cost
      FROM ${table} u
      WHERE u.user_id IS NOT NULL
        AND ${usageConditions(parameters, scope, range === 'all' ? null : range, {})}${restricted}`;
  const pieceSql = (piece: UserRollupPiece): string => {
    const minus = piece.sign === 1 ? '' : '-';
    if (piece.tier === 'raw') return rawSql('usage', piece.range, minus, '');

    const { table, column } = USER_ROLLUP_TABLES[piece.tier];

    return `
      SELECT r.user_id, r.currency, ${minus}r.requests AS requests,
             ${minus}r.total_tokens AS total_tokens,
             ${minus}r.priced_requests AS priced_requests,
             ${minus}r.cost AS cost
      FROM ${table} r
      WHERE ${rollupConditions(parameters, scope, piece.range, {}, column)}${organizationCondition('r')}
      UNION ALL${rawSql(PENDING_USAGE, piece.range, minus, organizationCondition('u'))}`;
  };
  const parts = userRollupPieces(range).map(pieceSql);
  if (parts.length === 0) {
    parts.push(`
      SELECT NULL::uuid AS user_id, NULL::text AS currency,
             0::bigint AS requests, 0::bigint AS total_tokens,
             0::bigint AS priced_requests, 0::numeric AS cost
      WHERE FALSE`);
  }

  return `(${parts.join('\n UNION ALL\n')})`;
}

/** The UTC months that a range of whole UTC days touches, with a bit per day of the range. */
export interface MonthDays {
  monthStart: Date;
  /** Bit 0 is the 1st of the month. A bit is set for each day within the range. */
  dayMask: bigint;
}

/** Lists the UTC months of a range of whole UTC days and the days of the range in each. */
export function monthDaysOf(range: UsageRange): MonthDays[] {
  const end = range.end.getTime();
  const months: MonthDays[] = [];
  let monthStart = utcMonthStart(
    range.start.getUTCFullYear(),
    range.start.getUTCMonth(),
  );
  while (monthStart < end) {
    const next = new Date(monthStart);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const firstDay = Math.max(range.start.getTime(), monthStart);
    const lastDay = Math.min(end, next.getTime());
    const fromBit = BigInt((firstDay - monthStart) / DAY_MS);
    const toBit = BigInt((lastDay - monthStart) / DAY_MS);
    months.push({
      monthStart: new Date(monthStart),
      dayMask: (1n << toBit) - (1n << fromBit),
    });
    monthStart = next.getTime();
  }

  return months;
}

/**
 * Builds a subquery of the user_id with usage in the whole UTC days of
 * `whole`, once per month, from the monthly activity. A user counts in a
 * month when one of the month's bits for days in the range is set.
 */
function activeInWholeDaysSql(
  parameters: BoundParameters,
  scope: UsageScope,
  whole: UsageRange | 'all',
): string {
  const organizationId = organizationIdOf(scope);
  const conditions =
    organizationId === null
      ? []
      : [`a.organization_id = ${parameters.bind(organizationId)}::uuid`];
  if (whole === 'all') {
    return `SELECT a.user_id FROM usage_user_monthly_activity a
      WHERE ${conditions.length === 0 ? 'TRUE' : conditions.join(' AND ')}`;
  }

  const months = monthDaysOf(whole);
  const starts = parameters.bind(months.map((month) => month.monthStart));
  const masks = parameters.bind(
    months.map((month) => month.dayMask.toString()),
  );
  conditions.push('a.day_mask & m.day_mask <> 0');

  return `SELECT a.user_id
    FROM unnest(${starts}::timestamptz[], ${masks}::bigint[])
      AS m (month_start, day_mask)
    JOIN usage_user_monthly_activity a ON a.month_start = m.month_start
    WHERE ${conditions.join(' AND ')}`;
}

/** Builds a scalar subquery that counts the distinct users with usage in a query. */
export function activeUsersSql(
  parameters: BoundParameters,
  scope: UsageScope,
  range: UsageRange | null,
  filters: UsageFilters,
): string {
  if (!userRollupServes(filters)) {
    const conditions = usageConditions(parameters, scope, range, filters);

    return `(SELECT count(DISTINCT u.user_id) FROM usage u WHERE ${conditions})`;
  }

  // Whole UTC days from the monthly activity and the pending rows, the
  // partial days from raw rows. A user appears once per month and part, so
  // the count is distinct. As count(DISTINCT) it runs without parallel
  // workers: the planner expects 200 users in the union where there are
  // 20,000, and its parallel plan took 23 ms against 14 at 10M records.
  const split = splitRange(range, DAY_MS);
  const usersOf = (table: string, part: UsageRange | null) => `
    SELECT u.user_id FROM ${table} u
    WHERE u.user_id IS NOT NULL
      AND ${usageConditions(parameters, scope, part, {})}`;
  const parts: string[] = [];
  if (split.whole !== null) {
    parts.push(activeInWholeDaysSql(parameters, scope, split.whole));
    parts.push(
      usersOf(PENDING_USAGE, split.whole === 'all' ? null : split.whole),
    );
  }
  for (const edge of split.edges) parts.push(usersOf('usage', edge));
  if (parts.length === 0) return '0::bigint';

  return `(SELECT count(DISTINCT s.user_id) FROM (${parts.join('\n UNION ALL\n')}) s)`;
}
