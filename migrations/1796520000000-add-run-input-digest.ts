import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds the digest of a run's input (64 hex digits, see HmacRunInputDigest),
 * set when the run has an idempotency key. A retry with the same key and
 * another input is then refused instead of replaying the first run. Runs
 * stored before keep a null digest and are compared by model only.
 */
export class AddRunInputDigest1796520000000 implements MigrationInterface {
  name = 'AddRunInputDigest1796520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE runs ADD COLUMN input_digest text
         CONSTRAINT runs_input_digest_check CHECK (input_digest ~ '^[0-9a-f]{64}$')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE runs DROP COLUMN input_digest');
  }
}
