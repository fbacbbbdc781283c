import { MigrationInterface, QueryRunner } from 'typeorm';

const REFERENCES: [constraint: string, column: string, table: string][] = [
  ['usage_organization_id_fkey', 'organization_id', 'organizations'],
  ['usage_user_id_fkey', 'user_id', 'users'],
  ['usage_model_id_fkey', 'model_id', 'models'],
];

/**
 * Drops the foreign keys of `usage` to organizations, users and models.
 *
 * The one statement that inserts usage (INSERT_USAGE_BATCH in
 * src/modules/usage/infrastructure/usage-record.sql.ts) joins every draft to
 * its organization, model and user, and inserts only the drafts whose
 * references exist. Its user check is stricter than the foreign key: the
 * user must belong to the organization. The foreign keys repeated that check
 * with one trigger query per row and reference, about a quarter of the
 * server time of a 64-row batch. Each of those queries also took a KEY
 * SHARE lock on the referenced row, so concurrent batches of one
 * organization shared its row through a multixact.
 *
 * The keys guarded against deletes, and no code deletes an organization,
 * user or model: users are deactivated (UPDATE users SET deactivated_at),
 * models are updated in place, and no statement changes an id. A delete
 * added later must first handle the usage of the row it removes.
 */
export class DropUsageForeignKeys1796440000000 implements MigrationInterface {
  name = 'DropUsageForeignKeys1796440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [constraint] of REFERENCES) {
      await queryRunner.query(
        `ALTER TABLE usage DROP CONSTRAINT ${constraint}`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [constraint, column, table] of REFERENCES) {
      await queryRunner.query(
        `ALTER TABLE usage ADD CONSTRAINT ${constraint}
         FOREIGN KEY (${column}) REFERENCES ${table} (id)`,
      );
    }
  }
}
