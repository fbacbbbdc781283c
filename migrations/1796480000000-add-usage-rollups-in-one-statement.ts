import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  addBody,
  applySql,
  BUCKET_ROLLUPS,
  MEASURES,
  removeEmptySql,
  Rollup,
  subtractBody,
  USER_ROLLUP,
} from './1796342400000-add-usage-rollups';
import { ADD_DAYS } from './1796430000000-add-user-monthly-activity';
import { WEEKLY } from './1796431000000-add-user-weekly-rollup';
import { MONTHLY } from './1796475000000-add-user-monthly-rollup';
import {
  createUserRollupTriggers,
  derivedUserRollupBodies,
  derivedUserRollupSql,
  DerivedUserRollup,
  dropUserRollupTriggers,
} from './user-rollup-triggers';

const DERIVED = [
  { rollup: WEEKLY, prefix: 'usage_user_weekly' },
  { rollup: MONTHLY, prefix: 'usage_user_monthly' },
];

export const keyOf = (rollup: Rollup) => rollup.key.map(([column]) => column);
const positions = (count: number) =>
  Array.from({ length: count }, (_, index) => index + 1).join(', ');
const addExcluded = (alias: string, columns: string[]) =>
  columns
    .map((column) => `${column} = ${alias}.${column} + EXCLUDED.${column}`)
    .join(', ');
export const MEASURE_COLUMNS = MEASURES.map(([column]) => column);
export const DERIVED_COLUMNS = [
  'requests',
  'total_tokens',
  'priced_requests',
  'cost',
];

/** Sums of `source` per key of `rollup`, as the columns of its table. */
export function sumsSql(rollup: Rollup, source: string): string {
  const select = [
    ...rollup.key.map(([column, expression]) => `${expression} AS ${column}`),
    ...MEASURES.map(([column, expression]) => `${expression} AS ${column}`),
  ];

  return `SELECT ${select.join(', ')} FROM ${source} WHERE ${rollup.where}
    GROUP BY ${positions(rollup.key.length)}`;
}

/**
 * Inserts the rows of `rows` into a rollup (alias r), summed once more per
 * key with `start` as the bucket or period start, in key order as applySql
 * does.
 */
export function insertSumsSql(
  table: string,
  key: string[],
  measures: string[],
  rows: string,
  start: [column: string, expression: string],
): string {
  const select = key.map((column) => (column === start[0] ? start[1] : column));

  return `INSERT INTO ${table} AS r (${[...key, ...measures].join(', ')})
    SELECT ${select.join(', ')}, ${measures.map((column) => `sum(${column})`).join(', ')}
    FROM ${rows}
    GROUP BY ${positions(key.length)}
    ORDER BY ${positions(key.length)}`;
}

/** Upserts the rows of `rows` into a rollup, as insertSumsSql sums them. */
function upsertSql(
  table: string,
  key: string[],
  measures: string[],
  rows: string,
  start: [column: string, expression: string],
): string {
  return `${insertSumsSql(table, key, measures, rows, start)}
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${addExcluded('r', measures)}`;
}

/**
 * Upserts the 15-minute sums `quarters` into each bucket rollup. A tier's
 * own bucket expression applied to a 15-minute bucket start gives the
 * bucket of every instant in it, because every width is a whole number of
 * 15-minute buckets from the same origin.
 */
function bucketUpserts(quarters: string, bucketRollups: Rollup[]): string[] {
  return bucketRollups.map((rollup) => {
    const [, expression] = rollup.key.find(
      ([column]) => column === 'bucket_start',
    ) as [string, string];

    return upsertSql(rollup.table, keyOf(rollup), MEASURE_COLUMNS, quarters, [
      'bucket_start',
      expression.replace('created_at', 'bucket_start'),
    ]);
  });
}

/** Upserts the user-day sums `days` into a derived user rollup. */
function derivedUpsert(rollup: DerivedUserRollup, days: string): string {
  const key = ['organization_id', rollup.periodColumn, 'user_id', 'currency'];

  return upsertSql(rollup.table, key, DERIVED_COLUMNS, days, [
    rollup.periodColumn,
    rollup.periodOf(days),
  ]);
}

/**
 * The user days of `days` that the upsert `upserted` inserted. A user-day
 * row that existed had at least one request, because the usage delete and
 * update triggers delete rows left with none, so its sum after the upsert
 * exceeds the batch's own. Only new user days can set a day bit.
 */
const NEW_DAYS_OF = (days: string, upserted: string) => `(
  SELECT u.organization_id, u.day_start, u.user_id
  FROM ${upserted} u
  JOIN ${days} d USING (organization_id, day_start, user_id, currency)
  WHERE u.requests = d.requests)`;

/**
 * Adds the usage rows of `source` to every rollup in one statement. It
 * sums the rows twice, per organization and 15-minute bucket and per user
 * and UTC day, and derives every coarser tier from those sums, so a batch
 * pays for one plan and one scan of its rows instead of one per table.
 * `bucketRollups` are the bucket tiers, the 15-minute one first.
 */
export function addAllSql(
  source: string,
  bucketRollups: Rollup[] = BUCKET_ROLLUPS,
): string {
  const { ctes, last } = addAllParts(source, bucketRollups);

  return `WITH ${ctes.join(',\n  ')}
  ${last}`;
}

/**
 * The parts of addAllSql: its CTEs, which upsert every rollup but the day
 * bits, and its last statement, which sets the day bits.
 */
export function addAllParts(
  source: string,
  bucketRollups: Rollup[] = BUCKET_ROLLUPS,
): { ctes: string[]; last: string } {
  // NOTE: PostgreSQL runs the upserts of one statement in an order of its
  // own, so a concurrent delete or update of usage, which locks the rollups
  // table by table, may deadlock with it. Collection retries a batch once
  // after a deadlock, and the service itself never updates or deletes usage.
  const quarterly = BUCKET_ROLLUPS[0];
  const parts = [
    `quarters AS (${sumsSql(quarterly, source)})`,
    ...bucketUpserts('quarters', bucketRollups).map(
      (upsert, index) => `bucket_${index} AS (${upsert})`,
    ),
    `days AS (${sumsSql(USER_ROLLUP, source)})`,
    `user_daily AS (${upsertSql(
      USER_ROLLUP.table,
      keyOf(USER_ROLLUP),
      MEASURE_COLUMNS,
      'days',
      ['day_start', 'day_start'],
    )}
    RETURNING organization_id, day_start, user_id, currency, requests)`,
    ...DERIVED.map(
      ({ rollup }, index) =>
        `user_derived_${index} AS (${derivedUpsert(rollup, 'days')})`,
    ),
  ];

  return { ctes: parts, last: ADD_DAYS(NEW_DAYS_OF('days', 'user_daily')) };
}

/**
 * Subtracts the usage rows of `source` from every rollup. The weekly and
 * monthly user rollups are subtracted before the emptied user-day rows are
 * deleted, because the delete triggers of usage_user_daily_rollup then
 * drop the periods left without requests and recompute the day bits.
 */
export function subtractAllSql(
  source: string,
  bucketRollups: Rollup[] = BUCKET_ROLLUPS,
): string {
  const userDays = `(${sumsSql(USER_ROLLUP, source)})`;
  const statements = [
    ...bucketRollups.flatMap((rollup) => [
      applySql(rollup, source, -1),
      removeEmptySql(rollup, source),
    ]),
    applySql(USER_ROLLUP, source, -1),
    ...DERIVED.map(({ rollup }) =>
      derivedUserRollupSql(rollup, null, userDays, null),
    ),
    removeEmptySql(USER_ROLLUP, source),
  ];

  return statements.map((statement) => `${statement};`).join('\n');
}

export const TRUNCATE_ROLLUPS = `TRUNCATE ${[...BUCKET_ROLLUPS, USER_ROLLUP].map((rollup) => rollup.table).join(', ')}`;

/** Builds a CREATE OR REPLACE of trigger function `name`, with `declarations` before its body. */
export const replaceTriggerFunction = (
  name: string,
  body: string,
  declarations = '',
) => `
  CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$${
    declarations === ''
      ? ''
      : `
  DECLARE
    ${declarations}`
  }
  BEGIN
    ${body}
    RETURN NULL;
  END
  $fn$`;

const replaceRebuild = (body: string) => `
  CREATE OR REPLACE FUNCTION rebuild_usage_rollups() RETURNS void
  LANGUAGE plpgsql AS $fn$
  BEGIN
    LOCK TABLE usage IN SHARE MODE;
    ${TRUNCATE_ROLLUPS};
    ${body}
  END
  $fn$`;

/** The rebuild function of this migration, which later ones replace. */
export const REBUILD_IN_ONE_STATEMENT = replaceRebuild(
  `${addAllSql('usage')};`,
);

/**
 * Keeps every rollup of an insert into usage with one statement of the
 * insert trigger: six bucket tiers, the user days, weeks and months and
 * the day bits. Before, the weekly and monthly user rollups and the day
 * bits followed the user-day upsert through triggers on
 * usage_user_daily_rollup, which cost five more trigger calls and two
 * transition tables per batch.
 *
 * Inserts and updates of user-day rows no longer fire triggers. Deletes
 * and truncates of them still do, so the usage delete and update triggers
 * subtract the weeks and months themselves and leave the emptied periods
 * and the day bits to those triggers. rebuild_usage_rollups() adds all
 * tables with the same statement.
 */
export class AddUsageRollupsInOneStatement1796480000000 implements MigrationInterface {
  name = 'AddUsageRollupsInOneStatement1796480000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { prefix } of DERIVED) {
      await dropUserRollupTriggers(queryRunner, prefix, ['insert', 'update']);
    }
    await dropUserRollupTriggers(queryRunner, 'usage_activity', ['insert']);

    await queryRunner.query(
      replaceTriggerFunction(
        'usage_rollups_after_insert',
        `${addAllSql('inserted')};`,
      ),
    );
    await queryRunner.query(
      replaceTriggerFunction(
        'usage_rollups_after_delete',
        subtractAllSql('deleted'),
      ),
    );
    await queryRunner.query(
      replaceTriggerFunction(
        'usage_rollups_after_update',
        `${subtractAllSql('old_rows')}\n${addAllSql('new_rows')};`,
      ),
    );
    await queryRunner.query(REBUILD_IN_ONE_STATEMENT);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      replaceTriggerFunction('usage_rollups_after_insert', addBody('inserted')),
    );
    await queryRunner.query(
      replaceTriggerFunction(
        'usage_rollups_after_delete',
        subtractBody('deleted'),
      ),
    );
    await queryRunner.query(
      replaceTriggerFunction(
        'usage_rollups_after_update',
        `${subtractBody('old_rows')}\n${addBody('new_rows')}`,
      ),
    );
    await queryRunner.query(replaceRebuild(addBody('usage')));

    for (const { rollup, prefix } of DERIVED) {
      const { insert, update } = derivedUserRollupBodies(rollup);
      await createUserRollupTriggers(queryRunner, prefix, { insert, update });
    }
    await createUserRollupTriggers(queryRunner, 'usage_activity', {
      insert: ADD_DAYS('inserted'),
    });
  }
}
