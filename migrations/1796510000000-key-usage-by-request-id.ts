import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes (organization_id, request_id), the key that collection already
 * checks on every insert, the primary key of `usage`, and drops the index
 * on `id`.
 *
 * No statement looks a record up by id: the dashboards read by time,
 * organization and user, and collection finds a repeat by its request id.
 * The id index was still written on every insert, at a random leaf because
 * ids are random, and took 555 MB at 10M rows. Ids still come from
 * gen_random_uuid(), whose 122 random bits make a repeat unlikely enough
 * that no index checks it.
 *
 * NOTE: building the new index blocks writes to `usage`, about half a
 * minute at 10M rows on a 2-core machine.
 */
export class KeyUsageByRequestId1796510000000 implements MigrationInterface {
  name = 'KeyUsageByRequestId1796510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE usage DROP CONSTRAINT usage_pkey');
    await queryRunner.query(
      'CREATE UNIQUE INDEX usage_pkey ON usage (organization_id, request_id)',
    );
    await queryRunner.query(
      'ALTER TABLE usage DROP CONSTRAINT usage_request_id_key',
    );
    await queryRunner.query(
      'ALTER TABLE usage ADD CONSTRAINT usage_pkey PRIMARY KEY USING INDEX usage_pkey',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE usage DROP CONSTRAINT usage_pkey');
    await queryRunner.query(
      `ALTER TABLE usage
         ADD CONSTRAINT usage_request_id_key UNIQUE (organization_id, request_id),
         ADD CONSTRAINT usage_pkey PRIMARY KEY (id)`,
    );
  }
}
