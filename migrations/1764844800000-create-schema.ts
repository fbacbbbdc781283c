import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the tables of organizations, users, the model catalog, runs and
 * usage records. Money columns are `numeric`: prices per million tokens with
 * 12 decimals, so a record's cost (tokens x price / 1e6) fits the 18
 * decimals of the cost column exactly.
 */
export class CreateSchema1764844800000 implements MigrationInterface {
  name = 'CreateSchema1764844800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name))`,
    );

    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        password_hash text NOT NULL,
        org_role text NOT NULL CHECK (org_role IN ('admin', 'member')),
        system_role text CHECK (system_role IN ('super_admin')),
        deactivated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email)
      )`);
    await queryRunner.query(
      `CREATE INDEX users_organization_email_idx ON users (organization_id, email COLLATE "C")`,
    );

    await queryRunner.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        provider text NOT NULL CHECK (provider ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
        input_price_per_million numeric(24, 12) CHECK (input_price_per_million >= 0),
        output_price_per_million numeric(24, 12) CHECK (output_price_per_million >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT models_name_key UNIQUE (name),
        CONSTRAINT models_prices_together CHECK (
          (input_price_per_million IS NULL) = (output_price_per_million IS NULL)
        )
      )`);

    await queryRunner.query(`
      CREATE TABLE runs (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        user_id uuid NOT NULL REFERENCES users (id),
        model_id uuid NOT NULL REFERENCES models (id),
        idempotency_key text,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        input_tokens bigint,
        output_tokens bigint,
        total_tokens bigint,
        cost numeric(38, 18),
        currency text,
        error_message text,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        duration_ms integer,
        CONSTRAINT runs_idempotency_key UNIQUE (user_id, idempotency_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX runs_organization_started_idx ON runs (organization_id, started_at)`,
    );

    // request_id is the idempotency key of a collection, unique per
    // organization; created_at is the time the inference was served.
    await queryRunner.query(`
      CREATE TABLE usage (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        user_id uuid REFERENCES users (id),
        model_id uuid NOT NULL REFERENCES models (id),
        provider text NOT NULL,
        model_name text NOT NULL,
        input_tokens bigint NOT NULL CHECK (input_tokens >= 0),
        output_tokens bigint NOT NULL CHECK (output_tokens >= 0),
        total_tokens bigint NOT NULL,
        cost numeric(38, 18) CHECK (cost >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        request_id text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 255),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT usage_request_id_key UNIQUE (organization_id, request_id),
        CONSTRAINT usage_total_tokens_sum CHECK (total_tokens = input_tokens + output_tokens)
      )`);
    await queryRunner.query(
      `CREATE INDEX usage_organization_created_idx ON usage (organization_id, created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX usage_created_idx ON usage (created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX usage_user_created_idx ON usage (user_id, created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE usage`);
    await queryRunner.query(`DROP TABLE runs`);
    await queryRunner.query(`DROP TABLE models`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE organizations`);
  }
}
