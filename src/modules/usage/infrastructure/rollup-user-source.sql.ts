import { UsageFilters } from '../domain/usage-query';
import { UsageRange } from '../domain/usage-range';
import { organizationIdOf, UsageScope } from '../domain/usage-scope';
import { BoundParameters, usageConditions } from './usage-filter.sql';
import { rollupConditions } from './rollup-usage-source.sql';
import {
  DAY_MS,
  splitMonths,
  splitRange,
  WEEK_MS,
  WEEK_ORIGIN_MS,
} from './rollup-usage-tiers.sql';

/** Checks whether the user rollup can serve the filters: it has no model or provider. */
export function userRollupServes(filters: UsageFilters): boolean {
  return filters.provider === undefined && filters.modelId === undefined;
}

const USER_ROLLUP_COLUMNS = `r.user_id, r.currency, r.requests, r.total_tokens,
  r.priced_requests, r.cost`;

/**
 * Builds a subquery of (user_id, currency, requests, total_tokens,
 * priced_requests, cost) over the usage with a user in a scope and range:
 * whole UTC months from the monthly user rollup, whole UTC ISO weeks of
 * the rest from the weekly one, the other whole UTC days from the daily
 * one, the partial days from raw rows. A part that covers most of its day
 * comes from the daily row minus the raw rows of the rest of the day.
 * Only for queries without filters (see userRollupServes). `organizations`,
 * an SQL expression of a uuid array, further limits the rollup rows to
 * those organizations, so that the rows of a few users come from the
 * primary keys.
 */
export function userSourceSql(
  parameters: BoundParameters,
  scope: UsageScope,
  range: UsageRange | null,
  organizations?: string,
): string {
  const organizationCondition =
    organizations === undefined
      ? ''
      : ` AND r.organization_id = ANY(${organizations})`;
  const rollupPart = (
    table: string,
    column: string,
    whole: UsageRange | 'all',
  ) => `
      SELECT ${USER_ROLLUP_COLUMNS}
      FROM ${table} r
      WHERE ${rollupConditions(parameters, scope, whole, {}, column)}${organizationCondition}`;
  const rawPart = (edge: UsageRange, sign: '' | '-') => `
      SELECT u.user_id, u.currency, ${sign}1::bigint AS requests,
             ${sign}u.total_tokens AS total_tokens,
             ${sign}(u.cost IS NOT NULL)::int::bigint AS priced_requests,
             ${sign}coalesce(u.cost, 0) AS cost
      FROM usage u
      WHERE u.user_id IS NOT NULL
        AND ${usageConditions(parameters, scope, edge, {})}`;
  // Reads a range without whole UTC days one day at a time. A part of up
  // to half its day comes from raw rows, a longer one from the day's rollup
  // row minus the raw rows of the rest of the day.
  const partialDaysSql = (edge: UsageRange): string[] => {
    const parts: string[] = [];
    let dayStart = Math.floor(edge.start.getTime() / DAY_MS) * DAY_MS;
    for (; dayStart < edge.end.getTime(); dayStart += DAY_MS) {
      const dayEnd = dayStart + DAY_MS;
      const start = Math.max(dayStart, edge.start.getTime());
      const end = Math.min(dayEnd, edge.end.getTime());
      if (end - start <= DAY_MS / 2) {
        parts.push(rawPart({ start: new Date(start), end: new Date(end) }, ''));
        continue;
      }

      const day = { start: new Date(dayStart), end: new Date(dayEnd) };
      parts.push(rollupPart('usage_user_daily_rollup', 'day_start', day));
      if (dayStart < start) {
        parts.push(rawPart({ start: day.start, end: new Date(start) }, '-'));
      }
      if (end < dayEnd) {
        parts.push(rawPart({ start: new Date(end), end: day.end }, '-'));
      }
    }

    return parts;
  };
  const parts: string[] = [];
  const months = splitMonths(range);
  if (months.whole !== null) {
    parts.push(
      rollupPart('usage_user_monthly_rollup', 'month_start', months.whole),
    );
  }
  for (const monthEdge of months.edges) {
    const weeks = splitRange(monthEdge, WEEK_MS, WEEK_ORIGIN_MS);
    if (weeks.whole !== null) {
      parts.push(
        rollupPart('usage_user_weekly_rollup', 'week_start', weeks.whole),
      );
    }
    for (const weekEdge of weeks.edges) {
      const days = splitRange(weekEdge, DAY_MS);
      if (days.whole !== null) {
        parts.push(
          rollupPart('usage_user_daily_rollup', 'day_start', days.whole),
        );
      }
      for (const edge of days.edges) {
        parts.push(...partialDaysSql(edge));
      }
    }
  }
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
  let monthStart = Date.UTC(
    range.start.getUTCFullYear(),
    range.start.getUTCMonth(),
    1,
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

  // Whole UTC days from the monthly activity, the partial days from raw
  // rows. A user appears once per month and edge, so the count groups them.
  const split = splitRange(range, DAY_MS);
  const parts: string[] = [];
  if (split.whole !== null) {
    parts.push(activeInWholeDaysSql(parameters, scope, split.whole));
  }
  for (const edge of split.edges) {
    const conditions = usageConditions(parameters, scope, edge, {});
    parts.push(`SELECT u.user_id FROM usage u
      WHERE u.user_id IS NOT NULL AND ${conditions}`);
  }
  if (parts.length === 0) return '0::bigint';

  return `(SELECT count(*) FROM (
    SELECT s.user_id FROM (${parts.join('\n UNION ALL\n')}) s
    GROUP BY s.user_id) active)`;
}
