import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sends the id of every user row that is updated or deleted, and `*` after
 * a TRUNCATE, on the channel user_changes. A service instance keeps the
 * users it authenticated in memory and listens on that channel to drop
 * them, so a role change or a deactivation applies in every instance,
 * whoever made it: the service, a script or someone at psql. PostgreSQL
 * delivers a notification when its transaction commits and drops it when
 * the transaction rolls back. Inserts send nothing, because the cache
 * holds only users it has read.
 */
export class NotifyUserChanges1796490000000 implements MigrationInterface {
  name = 'NotifyUserChanges1796490000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_user_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('user_changes', '*');
        ELSE
          PERFORM pg_notify('user_changes', OLD.id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER users_notify_change
      AFTER UPDATE OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_user_change()`);
    await queryRunner.query(`
      CREATE TRIGGER users_notify_truncate
      AFTER TRUNCATE ON users
      FOR EACH STATEMENT EXECUTE FUNCTION notify_user_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER users_notify_truncate ON users');
    await queryRunner.query('DROP TRIGGER users_notify_change ON users');
    await queryRunner.query('DROP FUNCTION notify_user_change()');
  }
}
