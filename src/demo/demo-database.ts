import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SUPER_ADMIN_ORGANIZATION } from '../modules/iam/application/ensure-super-admin.use-case';
import { DemoModel } from './demo-catalog';

/**
 * The few queries of the demo seed that no module port offers: whether the
 * database is still empty, and writing the demo catalog.
 */
@Injectable()
export class DemoDatabase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Checks that there is no usage and no organization but the super admins' one. */
  async isEmpty(): Promise<boolean> {
    const rows: { empty: boolean }[] = await this.dataSource.query(
      `SELECT NOT EXISTS (SELECT 1 FROM usage)
              AND NOT EXISTS (SELECT 1 FROM organizations WHERE name <> $1) AS empty`,
      [SUPER_ADMIN_ORGANIZATION],
    );

    return rows[0].empty;
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
