import { QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import {
  UserUsagePage,
  UserUsageQuery,
  UserUsageRepository,
} from '../application/ports/user-usage.repository';
import { UserUsageTotals } from '../domain/user-usage';
import { CurrencyAmount, formatAmount } from '../../../common/domain/money';
import { toSafeInteger } from '../../../common/domain/safe-integer';
import { BoundSql, countSql } from './raw-user-usage.sql';
import { PreparedStatements } from '../../../common/persistence/prepared-statements';

/** The statements of one page: its users with totals, and their costs. */
export interface UserUsageStatements {
  page(query: UserUsageQuery): BoundSql;
  costs(query: UserUsageQuery, userIds: string[]): BoundSql;
  /** Whether the page of a global listing runs without parallel workers. */
  serialGlobalPage: boolean;
}

/** A page row as the page statements return it. */
export interface PageRow {
  id: string;
  name: string;
  email: string;
  organization_id: string;
  organization_name: string;
  deactivated: boolean;
  /** numeric and bigint columns arrive as strings. */
  tokens: string;
  requests: string;
  last_activity: Date | null;
}

interface CostRow {
  user_id: string;
  currency: string;
  amount: string;
}

/**
 * Reads per-user usage with raw SQL, because the page needs CTEs and a
 * LATERAL join, and maps the rows. Subclasses choose the statements.
 */
export abstract class SqlUserUsageRepository extends UserUsageRepository {
  private readonly prepared: PreparedStatements;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.prepared = new PreparedStatements(dataSource);
  }

  /**
   * Runs a statement of an organization's listing as a prepared one, which
   * saves its planning, and a global one unprepared. A global listing sums
   * rows of every user, so planning is a small part of it. A plan made for
   * its actual range took 97 ms for 30 days at 10M rows, the generic plan
   * of the prepared statement 120 ms.
   */
  private run<Row extends QueryResultRow>(
    query: UserUsageQuery,
    sql: BoundSql,
  ): Promise<Row[]> {
    return query.scope.kind === 'global'
      ? this.dataSource.query(sql.text, sql.values)
      : this.prepared.query<Row>(sql.text, sql.values);
  }

  /**
   * Runs the page of a global rollup listing with parallel workers off for
   * its transaction. The planner estimates 200 users for the sum over the
   * union of rollup parts, where there are 20,000. So it picks a parallel
   * aggregate whose sort and merge of the workers' rows cost more than
   * they save: 87 ms against 70 ms for 30 days at 10M rows on 2 cores.
   */
  private runPage(
    query: UserUsageQuery,
    statements: UserUsageStatements,
  ): Promise<PageRow[]> {
    const page = statements.page(query);
    if (query.scope.kind !== 'global' || !statements.serialGlobalPage) {
      return this.run<PageRow>(query, page);
    }

    return this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL max_parallel_workers_per_gather = 0');

      return manager.query<PageRow[]>(page.text, page.values);
    });
  }

  protected abstract statementsFor(query: UserUsageQuery): UserUsageStatements;

  async findPage(query: UserUsageQuery): Promise<UserUsagePage> {
    const [rows, total] = await Promise.all([
      this.findRows(query),
      this.countUsers(query),
    ]);

    return { rows, total };
  }

  /** Finds the users of a page with their totals and costs. */
  protected async findRows(query: UserUsageQuery): Promise<UserUsageTotals[]> {
    const statements = this.statementsFor(query);
    const rows = await this.runPage(query, statements);
    const costs = await this.findCosts(
      statements,
      query,
      rows.map((row) => row.id),
    );

    return rows.map((row) => toTotals(row, costs.get(row.id) ?? []));
  }

  /** Counts the users that match the scope and search of a query. */
  private async countUsers(query: UserUsageQuery): Promise<number> {
    const [row] = await this.run<{ total: string }>(query, countSql(query));

    return toSafeInteger(row.total);
  }

  /** Loads the costs of all the given users in one query. */
  private async findCosts(
    statements: UserUsageStatements,
    query: UserUsageQuery,
    userIds: string[],
  ): Promise<Map<string, CurrencyAmount[]>> {
    const costsByUser = new Map<string, CurrencyAmount[]>();
    if (userIds.length === 0) return costsByUser;

    const sql = statements.costs(query, userIds);
    const rows = await this.run<CostRow>(query, sql);
    for (const row of rows) {
      const costs = costsByUser.get(row.user_id) ?? [];
      costs.push({ currency: row.currency, amount: formatAmount(row.amount) });
      costsByUser.set(row.user_id, costs);
    }

    return costsByUser;
  }
}

/** Maps a page row and the user's costs to the totals of the listing. */
export function toTotals(
  row: PageRow,
  costs: CurrencyAmount[],
): UserUsageTotals {
  return {
    userId: row.id,
    userName: row.name,
    userEmail: row.email,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    deactivated: row.deactivated,
    tokens: toSafeInteger(row.tokens),
    requests: toSafeInteger(row.requests),
    costs,
    lastActivity: row.last_activity,
  };
}
