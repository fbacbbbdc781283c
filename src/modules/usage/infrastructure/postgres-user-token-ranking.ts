import { DataSource } from 'typeorm';
import { Pool } from 'pg';
import {
  openGenericPlanPool,
  PreparedStatements,
} from '../../../common/persistence/prepared-statements';
import { FIRST_LEVEL_TOKENS } from '../../../../migrations/1796560000000-add-user-month-token-level';
import { UserUsageQuery } from '../application/ports/user-usage.repository';
import { UsageRange } from '../domain/usage-range';
import { UserUsageTotals } from '../domain/user-usage';
import { formatAmount } from '../../../common/domain/money';
import {
  bucketStartsWithin,
  USER_ROLLUP_TABLES,
  userRollupPieces,
  userRollupServes,
} from './rollup-user-source.sql';
import { PENDING_USAGE } from './rollup-usage-source.sql';
import { rollupLastActivity } from './rollup-user-usage.sql';
import { DAY_MS, utcMonthStart } from './rollup-usage-tiers.sql';
import { BoundParameters } from './usage-filter.sql';
import { PageRow, toTotals } from './sql-user-usage.repository';

/** Maximum number of UTC months a ranked range touches. Each adds a slot per currency. */
const MAX_MONTHS = 3;
/** Maximum page end (offset + limit) ranked. Deeper pages make nearly every user a candidate. */
const MAX_RANK = 200;
/** Maximum number of connections of the ranking's pool. */
const RANKING_CONNECTIONS = 2;

/**
 * Minimum share of its months' time that a ranked range covers. A user's
 * bound is the user's usage in the whole months, so a range that covers
 * little of them leaves most users as candidates, and summing every user
 * costs less. A 30-day range covers about half of its two months or more.
 */
const MIN_COVERAGE = 0.4;

/** Returns the end of the last of a list of UTC months. */
function monthsEndOf(months: Date[]): Date {
  const last = months[months.length - 1];

  return new Date(utcMonthStart(last.getUTCFullYear(), last.getUTCMonth() + 1));
}

/**
 * Returns the share of the time of a range's UTC months that the range
 * covers. The months count only up to now or the range's end, whichever
 * is later, because later days hold no usage yet.
 */
function coverageOf(range: UsageRange, months: Date[], now: number): number {
  const monthsEnd = monthsEndOf(months).getTime();
  const end = Math.min(monthsEnd, Math.max(range.end.getTime(), now));
  const covered = range.end.getTime() - range.start.getTime();

  return covered / (end - months[0].getTime());
}

/** Lists the starts of the UTC months that a range touches. */
function monthsOf(range: UsageRange): Date[] {
  const year = range.start.getUTCFullYear();
  const month = range.start.getUTCMonth();
  const months: Date[] = [];
  for (let start = utcMonthStart(year, month); start < range.end.getTime();) {
    months.push(new Date(start));
    start = utcMonthStart(year, month + months.length);
  }

  return months;
}

/**
 * Ends the LATERAL subqueries that read one candidate's rows. OFFSET 0
 * keeps the planner from merging them into a join, which it may plan as
 * a scan of the whole month when it overestimates the candidates: their
 * number depends on values it cannot know in advance.
 */
const PER_CANDIDATE = 'OFFSET 0';

/** The columns of a user's sums per currency, in the order the builders below select them. */
const MEASURES = 'tokens, requests, priced_requests, cost';

/**
 * Builds the monthly rollup rows of `candidates` (a relation of
 * organization_id and user_id) in the months bound as `months`: user_id,
 * currency and the measures, read through the primary key.
 */
function monthRowsSql(candidates: string, months: string): string {
  return `
    SELECT c.organization_id, c.user_id, r.currency, r.tokens, r.requests,
           r.priced_requests, r.cost
    FROM ${candidates} c
    CROSS JOIN LATERAL (
      SELECT r.currency, r.total_tokens AS tokens, r.requests,
             r.priced_requests, r.cost
      FROM usage_user_monthly_rollup r
      WHERE r.organization_id = c.organization_id
        AND r.month_start = ANY(${months}::timestamptz[])
        AND r.user_id = c.user_id
      ${PER_CANDIDATE}) r`;
}

/**
 * Splits the part of a range's UTC months outside the range into four.
 * These are the whole UTC days before the range, the rest of the day it
 * starts in, the rest of the day it ends in, and the whole days after
 * that. The last part usually holds no usage yet.
 */
function outsideOf(
  range: UsageRange,
  months: Date[],
): {
  daysBefore: UsageRange | null;
  dayBefore: UsageRange | null;
  dayAfter: UsageRange | null;
  daysAfter: UsageRange | null;
} {
  const first = months[0];
  const monthsEnd = monthsEndOf(months);
  const startDay = new Date(
    Math.floor(range.start.getTime() / DAY_MS) * DAY_MS,
  );
  const endDay = new Date(Math.ceil(range.end.getTime() / DAY_MS) * DAY_MS);
  const part = (start: Date, end: Date) =>
    start < end ? { start, end } : null;

  return {
    daysBefore: part(first, startDay),
    dayBefore: part(startDay, range.start),
    dayAfter: part(range.end, endDay),
    daysAfter: part(endDay, monthsEnd),
  };
}

/**
 * Builds the rows of `candidates` in a part of the months outside the
 * range, negated, from the pieces of userRollupPieces: user_id, currency
 * and the measures. A rollup piece reads each user's rows through the
 * primary key, one bucket at a time, so its cost follows the candidates
 * and not the table. A raw piece, part of a UTC day, reads every row of
 * its range and keeps the candidates' rows. `guard`, an SQL condition,
 * skips every piece when false.
 */
function outsideRowsSql(
  params: BoundParameters,
  part: UsageRange,
  candidates: string,
  guard = 'TRUE',
): string[] {
  return userRollupPieces(part).map((piece) => {
    // Outside rows are subtracted, so a piece added to the part is negated.
    const minus = piece.sign === 1 ? '-' : '';
    if (piece.tier === 'raw') {
      return `
        SELECT c.user_id, u.currency, ${minus}u.total_tokens AS tokens,
               ${minus}1::bigint AS requests,
               ${minus}(u.cost IS NOT NULL)::int::bigint AS priced_requests,
               ${minus}coalesce(u.cost, 0) AS cost
        FROM usage u
        JOIN (SELECT DISTINCT organization_id, user_id FROM ${candidates}) c
          ON c.organization_id = u.organization_id AND c.user_id = u.user_id
        WHERE u.created_at >= ${params.bind(piece.range.start)}
          AND u.created_at < ${params.bind(piece.range.end)}
          AND ${guard}`;
    }

    // A bounded range splits into bounded pieces only.
    const pieceRange = piece.range as UsageRange;
    const { table, column } = USER_ROLLUP_TABLES[piece.tier];
    const starts = params.bind(bucketStartsWithin(piece.tier, pieceRange));

    return `
        SELECT c.user_id, r.currency, ${minus}r.total_tokens AS tokens,
               ${minus}r.requests AS requests,
               ${minus}r.priced_requests AS priced_requests, ${minus}r.cost AS cost
        FROM ${candidates} c
        CROSS JOIN LATERAL (
          SELECT r.currency, r.total_tokens, r.requests, r.priced_requests, r.cost
          FROM ${table} r
          WHERE r.organization_id = c.organization_id
            AND r.${column} = ANY(${starts}::timestamptz[])
            AND r.user_id = c.user_id
          ${PER_CANDIDATE}) r
        WHERE ${guard}`;
  });
}

/** Sums rows of user_id, currency and the measures per user and currency. */
function sumPerCurrencySql(parts: string[]): string {
  return `
      SELECT p.user_id, p.currency, sum(p.tokens) AS tokens,
             sum(p.requests) AS requests,
             sum(p.priced_requests) AS priced_requests, sum(p.cost) AS cost
      FROM (${parts.join('\n UNION ALL\n')}) p
      GROUP BY p.user_id, p.currency`;
}

/**
 * Builds the negated rows of `candidates` in the whole UTC days of the
 * months before the range, from the user rollups alone.
 */
function daysBeforeRowsSql(
  params: BoundParameters,
  outside: ReturnType<typeof outsideOf>,
  candidates: string,
): string[] {
  return outside.daysBefore === null
    ? []
    : outsideRowsSql(params, outside.daysBefore, candidates);
}

/**
 * Builds the negated rows of `candidates` in the rest of the months
 * outside the range: the partial days at its edges and the days after
 * it. The whole days after the range's last day are read only when usage
 * exists there, which is checked once.
 */
function restRowsSql(
  params: BoundParameters,
  outside: ReturnType<typeof outsideOf>,
  candidates: string,
): string[] {
  const rows = [outside.dayBefore, outside.dayAfter].flatMap((part) =>
    part === null ? [] : outsideRowsSql(params, part, candidates),
  );
  if (outside.daysAfter !== null) {
    const later = `EXISTS (SELECT FROM usage
      WHERE created_at >= ${params.bind(outside.daysAfter.start)}
        AND created_at < ${params.bind(outside.daysAfter.end)})`;
    rows.push(...outsideRowsSql(params, outside.daysAfter, candidates, later));
  }

  return rows;
}

interface RankedRow extends PageRow {
  proven: boolean;
  costs: { currency: string; amount: string }[] | null;
}

/**
 * Ranks the users of all organizations by their tokens in a range without
 * summing every user, in one statement.
 *
 * 1. Seeds: the users of the monthly rollup rows with the highest levels
 *    in the UTC months the range touches are summed exactly. The K-th
 *    largest sum, K being the end of the page, is the minimum: K users
 *    have it, so the page ends at it or above.
 * 2. Slots: each month and currency of those months, with a bound that
 *    none of its rows exceeds. A user's tokens in the range are at most
 *    the sum of the user's rows in the slots.
 * 3. Thresholds: the rows to read from each slot. A user with no row read
 *    has at most the sum over the slots of the smaller of the threshold
 *    minus 1 and the bound, and the thresholds keep that below the
 *    minimum. The level index serves rows from 2^15 tokens up, so a slot
 *    whose bound is below that is left out and its bound counts in full.
 *    The other slots share the rest in proportion to their bounds. While
 *    the smallest of them would get a threshold below 2^15, it is left
 *    out too.
 * 4. Candidates: the users of the rows read whose rows in the slots add
 *    up to the minimum are summed exactly. Every user with the minimum
 *    is a seed or a candidate, so the first K of them are the page.
 *
 * A user's sum is the user's rows in the months minus the usage of the
 * months outside the range. Candidates subtract the whole UTC days before
 * the range first, from the rollups alone. After that only a few still
 * reach the minimum (19 of 185 over 30 days in UTC at 10M records). Only
 * those read the rest, which is the partial days at the range's edges,
 * from raw rows, and the days after it. The whole days after the range's
 * last day are read only if they contain usage, which they do not for a
 * range that ends today.
 *
 * Everything runs on one snapshot. When fewer than K users have tokens,
 * or the left-out slots alone could hold the minimum, the statement says
 * so and the caller sums every user.
 *
 * NOTE: It assumes that all of a user's usage is in one organization,
 * which holds for every record the service writes. Usage of one user
 * under two organizations, which only SQL can write, can make it return
 * a wrong page, because it reads each organization's rows apart.
 */
export class PostgresUserTokenRanking {
  /**
   * A pool of the ranking's own, whose connections plan its statement
   * once for any values. On the shared ones, PostgreSQL planned it again
   * for every call, about 2 ms of the 8 to 9 ms of a call at 10M records. The CTEs
   * and the per-candidate subqueries fix its shape, and page_costs is
   * materialized, because a plan that does not know the page size may join
   * it to the page in a loop that aggregates it again for every row.
   */
  private readonly pool: Pool;
  private readonly prepared: PreparedStatements;

  constructor(dataSource: DataSource) {
    this.pool = openGenericPlanPool(dataSource, RANKING_CONNECTIONS);
    this.prepared = new PreparedStatements(dataSource, this.pool);
  }

  /** Closes the ranking's connections. */
  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Checks whether a query is a global listing by tokens, descending, that the ranking serves. */
  static serves(query: UserUsageQuery, now = Date.now()): boolean {
    const { range } = query;
    if (
      query.scope.kind !== 'global' ||
      query.search !== undefined ||
      !userRollupServes(query.filters) ||
      query.sort.by !== 'tokens' ||
      query.sort.order !== 'desc' ||
      query.limit < 1 ||
      query.offset + query.limit > MAX_RANK ||
      range === null ||
      range.start >= range.end
    ) {
      return false;
    }
    const months = monthsOf(range);

    return (
      months.length <= MAX_MONTHS &&
      coverageOf(range, months, now) >= MIN_COVERAGE
    );
  }

  /**
   * Returns the users at places offset + 1 to offset + limit, by tokens
   * descending and then user id, or null when the ranking cannot prove
   * them. Only users with a row in `users` are ranked, as in the
   * listings. It reads the user rollups alone, so it proves nothing while
   * usage of its months is pending (not yet folded into them).
   */
  async findPage(query: UserUsageQuery): Promise<UserUsageTotals[] | null> {
    const range = query.range as UsageRange;
    const rank = query.offset + query.limit;
    const params = new BoundParameters();
    const monthStarts = monthsOf(range);
    const months = params.bind(monthStarts);
    const floor = params.bind(FIRST_LEVEL_TOKENS.toString());
    // Half again as many seed rows as places, since a user can have a
    // row in several slots.
    const seedRows = params.bind(Math.ceil(rank * 1.5));
    const rankParam = params.bind(rank);
    const outside = outsideOf(range, monthStarts);
    const monthRows = (relation: string) =>
      `SELECT user_id, currency, ${MEASURES} FROM ${relation}`;

    const text = `
      WITH slots AS MATERIALIZED (
        SELECT s.month_start, s.currency, coalesce((
          SELECT max(r.total_tokens) FROM usage_user_monthly_rollup r
          WHERE r.month_start = s.month_start AND r.currency = s.currency
            AND r.token_level = (
              SELECT max(x.token_level) FROM usage_user_monthly_rollup x
              WHERE x.month_start = s.month_start AND x.currency = s.currency
                AND x.token_level IS NOT NULL)
        ), ${floor}::bigint - 1) AS bound
        FROM (
          SELECT DISTINCT g.bucket_start AS month_start, g.currency
          FROM usage_global_monthly_rollup g
          WHERE g.bucket_start = ANY(${months}::timestamptz[])
        ) s
      ),
      seeds AS MATERIALIZED (
        SELECT DISTINCT t.organization_id, t.user_id FROM (
          SELECT top.organization_id, top.user_id FROM slots s
          CROSS JOIN LATERAL (
            SELECT r.organization_id, r.user_id, r.token_level
            FROM usage_user_monthly_rollup r
            WHERE r.month_start = s.month_start AND r.currency = s.currency
              AND r.token_level IS NOT NULL
            ORDER BY r.token_level DESC LIMIT ${seedRows}) top
          ORDER BY top.token_level DESC LIMIT ${seedRows}) t
      ),
      seed_months AS MATERIALIZED (${monthRowsSql('seeds', months)}),
      seed_sums AS MATERIALIZED (${sumPerCurrencySql([
        monthRows('seed_months'),
        ...daysBeforeRowsSql(params, outside, 'seeds'),
        ...restRowsSql(params, outside, 'seeds'),
      ])}),
      minimum AS MATERIALIZED (
        SELECT (
          SELECT t.tokens FROM (
            SELECT s.user_id, sum(s.tokens) AS tokens FROM seed_sums s
            GROUP BY s.user_id) t
          WHERE t.tokens > 0
            AND EXISTS (SELECT FROM users WHERE users.id = t.user_id)
          ORDER BY t.tokens DESC OFFSET ${rankParam} - 1 LIMIT 1
        ) AS tokens
      ),
      ordered AS (
        SELECT s.*,
               sum(s.bound) OVER (ORDER BY s.bound, s.month_start, s.currency
                                  ROWS UNBOUNDED PRECEDING) - s.bound AS smaller,
               sum(s.bound) OVER () AS total
        FROM slots s
      ),
      first_read AS (
        SELECT min(o.smaller) AS smaller FROM ordered o, minimum m
        WHERE o.bound >= ${floor}::bigint
          AND div((m.tokens - 1 - o.smaller) * o.bound, o.total - o.smaller) + 1
              >= ${floor}::bigint
      ),
      thresholds AS MATERIALIZED (
        SELECT o.month_start, o.currency,
               CASE WHEN o.smaller >= f.smaller
                 THEN div((m.tokens - 1 - f.smaller) * o.bound, o.total - f.smaller) + 1
                 ELSE o.bound + 1
               END::bigint AS threshold
        FROM ordered o, first_read f, minimum m
        WHERE m.tokens - 1 - coalesce(f.smaller, o.total) >= 0
      ),
      hits AS MATERIALIZED (
        SELECT DISTINCT r.organization_id, r.user_id FROM thresholds t
        CROSS JOIN LATERAL (
          SELECT r.organization_id, r.user_id FROM usage_user_monthly_rollup r
          WHERE r.month_start = t.month_start AND r.currency = t.currency
            AND r.token_level >= usage_token_level(t.threshold)
            AND r.total_tokens >= t.threshold
          ${PER_CANDIDATE}) r
      ),
      hit_months AS MATERIALIZED (${monthRowsSql('hits', months)}),
      bounded AS MATERIALIZED (
        SELECT h.organization_id, h.user_id FROM hit_months h
        WHERE NOT EXISTS (
          SELECT FROM seeds s
          WHERE s.organization_id = h.organization_id AND s.user_id = h.user_id)
        GROUP BY h.organization_id, h.user_id
        HAVING sum(h.tokens) >= (SELECT tokens FROM minimum)
      ),
      bounded_months AS (
        SELECT h.* FROM hit_months h
        JOIN bounded b USING (organization_id, user_id)
      ),
      bounded_before AS MATERIALIZED (${sumPerCurrencySql([
        monthRows('bounded_months'),
        ...daysBeforeRowsSql(params, outside, 'bounded'),
      ])}),
      narrowed AS MATERIALIZED (
        SELECT b.organization_id, b.user_id FROM bounded b
        JOIN (SELECT s.user_id, sum(s.tokens) AS tokens FROM bounded_before s
              GROUP BY s.user_id) s USING (user_id)
        WHERE s.tokens >= (SELECT tokens FROM minimum)
      ),
      sums AS MATERIALIZED (
        SELECT * FROM seed_sums
        UNION ALL ${sumPerCurrencySql([
          `SELECT s.user_id, s.currency, ${MEASURES} FROM bounded_before s
           WHERE s.user_id IN (SELECT user_id FROM narrowed)`,
          ...restRowsSql(params, outside, 'narrowed'),
        ])}
      ),
      listed AS MATERIALIZED (
        SELECT t.* FROM (
          SELECT s.user_id, sum(s.tokens) AS tokens, sum(s.requests) AS requests
          FROM sums s
          GROUP BY s.user_id) t
        WHERE t.tokens >= (SELECT tokens FROM minimum)
          AND EXISTS (SELECT FROM users WHERE users.id = t.user_id)
      ),
      page AS MATERIALIZED (
        SELECT l.*, row_number() OVER (ORDER BY l.tokens DESC, l.user_id) AS place
        FROM listed l
        ORDER BY l.tokens DESC, l.user_id
        LIMIT ${params.bind(query.limit)} OFFSET ${params.bind(query.offset)}
      ),
      verdict AS (
        SELECT EXISTS (SELECT FROM thresholds)
           AND (SELECT count(*) FROM listed) >= ${rankParam}
           AND NOT EXISTS (
             SELECT FROM ${PENDING_USAGE} u
             WHERE u.user_id IS NOT NULL
               AND u.created_at >= ${params.bind(monthStarts[0])}::timestamptz
               AND u.created_at < ${params.bind(monthsEndOf(monthStarts))}::timestamptz)
             AS proven
      ),
      page_costs AS MATERIALIZED (
        SELECT c.user_id,
               json_agg(json_build_object('currency', c.currency,
                                          'amount', c.cost::text)
                        ORDER BY c.currency COLLATE "C") AS costs
        FROM (
          SELECT s.user_id, s.currency, sum(s.cost) AS cost
          FROM sums s JOIN page p USING (user_id)
          GROUP BY s.user_id, s.currency
          HAVING sum(s.priced_requests) > 0
        ) c
        GROUP BY c.user_id
      )
      SELECT v.proven, p.user_id AS id, users.name, users.email,
             users.organization_id, organizations.name AS organization_name,
             users.deactivated_at IS NOT NULL AS deactivated,
             p.tokens, p.requests, activity.last_activity, pc.costs
      FROM verdict v
      LEFT JOIN page p ON v.proven
      LEFT JOIN page_costs pc ON pc.user_id = p.user_id
      LEFT JOIN users ON users.id = p.user_id
      LEFT JOIN organizations ON organizations.id = users.organization_id
      ${rollupLastActivity('users.id', 'users.organization_id')}
      ORDER BY p.place`;

    const rows = await this.prepared.query<RankedRow>(text, params.values);
    if (!rows[0].proven) return null;

    return rows
      .filter((row) => row.id !== null)
      .map((row) =>
        toTotals(
          row,
          (row.costs ?? []).map((cost) => ({
            currency: cost.currency,
            amount: formatAmount(cost.amount),
          })),
        ),
      );
  }
}
