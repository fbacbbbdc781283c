import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds the state of the demo seed: one row, written before the first demo
 * record, with the end of the demo usage and the time the seed completed.
 * A seed stopped halfway leaves the row without completed_at, and the next
 * boot finishes it with the same end, so it generates the same records.
 */
export class AddDemoSeedState1796540000000 implements MigrationInterface {
  name = 'AddDemoSeedState1796540000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE demo_seed (
         singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
         usage_end timestamptz NOT NULL,
         completed_at timestamptz
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE demo_seed');
  }
}
