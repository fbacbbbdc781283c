import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../common/persistence/postgres-errors';
import { ModelRepository } from '../application/ports/model.repository';
import { Model, NewModel } from '../domain/model';
import { ModelNameTakenError } from '../domain/models.errors';

interface ModelRow {
  id: string;
  name: string;
  display_name: string;
  provider: string;
  /** numeric(24, 12) arrives as a decimal string. */
  input_price_per_million: string | null;
  output_price_per_million: string | null;
  currency: string;
  created_at: Date;
  updated_at: Date;
}

const MODEL_COLUMNS = `id, name, display_name, provider, input_price_per_million,
  output_price_per_million, currency, created_at, updated_at`;

function toModel(row: ModelRow): Model {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    provider: row.provider,
    prices:
      row.input_price_per_million === null ||
      row.output_price_per_million === null
        ? null
        : {
            inputPricePerMillion: row.input_price_per_million,
            outputPricePerMillion: row.output_price_per_million,
          },
    currency: row.currency,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parametersOf(model: NewModel): (string | null)[] {
  return [
    model.name,
    model.displayName,
    model.provider,
    model.prices?.inputPricePerMillion ?? null,
    model.prices?.outputPricePerMillion ?? null,
    model.currency,
  ];
}

@Injectable()
export class PostgresModelRepository extends ModelRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async list(): Promise<Model[]> {
    const rows: ModelRow[] = await this.dataSource.query(
      `SELECT ${MODEL_COLUMNS} FROM models
       ORDER BY provider COLLATE "C", display_name COLLATE "C", id`,
    );

    return rows.map(toModel);
  }

  async findById(modelId: string): Promise<Model | null> {
    const rows: ModelRow[] = await this.dataSource.query(
      `SELECT ${MODEL_COLUMNS} FROM models WHERE id = $1`,
      [modelId],
    );

    return rows.length === 0 ? null : toModel(rows[0]);
  }

  async create(model: NewModel): Promise<Model> {
    const rows = await this.writeUnique(model.name, () =>
      this.dataSource.query(
        `INSERT INTO models (name, display_name, provider, input_price_per_million,
                             output_price_per_million, currency)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING ${MODEL_COLUMNS}`,
        parametersOf(model),
      ),
    );

    return toModel(rows[0]);
  }

  async update(modelId: string, model: NewModel): Promise<Model | null> {
    const rows = await this.writeUnique(model.name, () =>
      this.dataSource.query(
        // The CTE makes TypeORM return the rows alone: for a bare UPDATE it
        // returns a [rows, rowCount] pair.
        `WITH updated AS (
           UPDATE models
           SET name = $1, display_name = $2, provider = $3,
               input_price_per_million = $4, output_price_per_million = $5,
               currency = $6, updated_at = now()
           WHERE id = $7
           RETURNING ${MODEL_COLUMNS}
         )
         SELECT * FROM updated`,
        [...parametersOf(model), modelId],
      ),
    );

    return rows.length === 0 ? null : toModel(rows[0]);
  }

  private async writeUnique(
    name: string,
    write: () => Promise<ModelRow[]>,
  ): Promise<ModelRow[]> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, 'models_name_key')) {
        throw new ModelNameTakenError(name);
      }
      throw error;
    }
  }
}
