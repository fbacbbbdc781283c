import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SUPER_ADMIN_ORGANIZATION } from '../modules/iam/application/ensure-super-admin.use-case';
import { DemoModel } from './demo-catalog';

/** The demo seed of a database, from its demo_seed row. */
export interface DemoSeedState {
  /** End of the demo usage, the time of the first seeding boot. */
  usageEnd: Date;
  completed: boolean;
}

/**
 * A transaction that holds the row lock of the demo seed state, so that
 * one process seeds at a time. Callers end it with complete or release.
 */
export interface DemoSeedLock {
  /** The state, or null when the database held data before any seed. */
  readonly state: DemoSeedState | null;
  /** Marks the seed completed and commits. */
  complete(): Promise<void>;
  /** Rolls back, which leaves the state as it was. Does nothing after complete. */
  release(): Promise<void>;
}

/**
 * The few queries of the demo seed that no module port offers: its state,
 * and writing the demo catalog.
 */
@Injectable()
export class DemoDatabase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes the demo seed state with `usageEnd` if the database has no
   * state yet, no usage and no organization but the super admins' one.
   * The row is committed before the seed writes anything, so a seed
   * stopped halfway leaves it behind for the next boot to finish.
   */
  async claimSeed(usageEnd: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO demo_seed (usage_end)
       SELECT $1::timestamptz
       WHERE NOT EXISTS (SELECT 1 FROM usage)
         AND NOT EXISTS (SELECT 1 FROM organizations WHERE name <> $2)
       ON CONFLICT (singleton) DO NOTHING`,
      [usageEnd, SUPER_ADMIN_ORGANIZATION],
    );
  }

  /**
   * Reads the demo seed state and locks its row until the lock ends. A
   * second process waits here until the first one completes or stops.
   */
  async lockSeed(): Promise<DemoSeedLock> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let ended = false;
    const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
      if (ended) return;
      ended = true;
      try {
        await runner.query(statement);
      } finally {
        await runner.release();
      }
    };

    try {
      await runner.query('BEGIN');
      const rows: { usage_end: Date; completed: boolean }[] =
        await runner.query(
          `SELECT usage_end, completed_at IS NOT NULL AS completed
           FROM demo_seed FOR UPDATE`,
        );
      const state =
        rows.length === 0
          ? null
          : { usageEnd: rows[0].usage_end, completed: rows[0].completed };

      return {
        state,
        complete: async () => {
          await runner.query(
            `UPDATE demo_seed SET completed_at = clock_timestamp()`,
          );
          await end('COMMIT');
        },
        release: () => end('ROLLBACK'),
      };
    } catch (error) {
      await end('ROLLBACK');
      throw error;
    }
  }

  /**
   * Adds the models missing from the catalog, keeping any that exist by
   * name, and returns the ids of all of them in the given order.
   */
  async ensureModels(models: readonly DemoModel[]): Promise<string[]> {
    await this.dataSource.query(
      `INSERT INTO models (name, display_name, provider, input_price_per_million,
                           output_price_per_million, currency)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[],
                            $5::numeric[], $6::text[])
       ON CONFLICT (name) DO NOTHING`,
      [
        models.map((model) => model.name),
        models.map((model) => model.displayName),
        models.map((model) => model.provider),
        models.map((model) => model.inputPricePerMillion),
        models.map((model) => model.outputPricePerMillion),
        models.map((model) => model.currency),
      ],
    );
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM models WHERE name = ANY($1::text[])`,
      [models.map((model) => model.name)],
    );
    const idByName = new Map(rows.map((row) => [row.name, row.id]));

    return models.map((model) => idByName.get(model.name) as string);
  }
}
