import { MigrationInterface, QueryRunner } from 'typeorm';

/** The fewest tokens a monthly user rollup row has a level for: 2^15. */
export const FIRST_LEVEL_TOKENS = 32768n;

/**
 * The token count at which each level starts: a binary exponent from 15 to
 * 62 and two bits of mantissa, so that levels step by 1.25, 1.2, 1.17 and
 * 1.14 times. The last starts at 7 * 2^60, below the bigint limit.
 */
function levelStarts(): bigint[] {
  const starts: bigint[] = [];
  for (let exponent = 15n; exponent <= 62n; exponent += 1n) {
    for (let mantissa = 4n; mantissa <= 7n; mantissa += 1n) {
      starts.push(mantissa << (exponent - 2n));
    }
  }

  return starts;
}

/**
 * Gives each row of usage_user_monthly_rollup with at least 2^15 tokens a
 * level, a step function of its tokens, and indexes the rows by month,
 * currency and level. A global user listing sorted by tokens reads the
 * rows above a token count through it, to rank only the users who can
 * reach the page (see PostgresUserTokenRanking).
 *
 * The index holds the level rather than the tokens so that the updates of
 * collection stay HOT: an update whose indexed columns keep their values
 * adds no index entry, and a row's level changes once in every several
 * updates, while its tokens change in each. Rows below 2^15 tokens, most
 * of which grow through several levels in a month, have none.
 */
export class AddUserMonthTokenLevel1796560000000 implements MigrationInterface {
  name = 'AddUserMonthTokenLevel1796560000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION usage_token_level(tokens bigint) RETURNS smallint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT CASE WHEN tokens >= ${FIRST_LEVEL_TOKENS}
          THEN width_bucket(tokens, '{${levelStarts().join(',')}}'::bigint[])::smallint
        END
      $fn$`);
    await queryRunner.query(`
      ALTER TABLE usage_user_monthly_rollup ADD COLUMN token_level smallint
        GENERATED ALWAYS AS (usage_token_level(total_tokens)) STORED`);
    await queryRunner.query(`
      CREATE INDEX usage_user_monthly_rollup_level_idx
      ON usage_user_monthly_rollup (month_start, currency, token_level)
      WHERE token_level IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE usage_user_monthly_rollup DROP COLUMN token_level',
    );
    await queryRunner.query('DROP FUNCTION usage_token_level(bigint)');
  }
}
