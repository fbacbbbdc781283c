import { Injectable } from '@nestjs/common';
import { Model, ModelChanges } from '../domain/model';
import { changePrices } from '../domain/model-prices';
import { EmptyChangesError, ModelNotFoundError } from '../domain/models.errors';
import { ModelRepository } from './ports/model.repository';

const CHANGEABLE_FIELDS: readonly (keyof ModelChanges)[] = [
  'name',
  'displayName',
  'provider',
  'inputPricePerMillion',
  'outputPricePerMillion',
  'currency',
];

/**
 * Changes a catalog model. A new price applies to usage collected from then
 * on: every usage record stores the cost computed when it was collected.
 */
@Injectable()
export class UpdateModelUseCase {
  constructor(private readonly models: ModelRepository) {}

  async execute(modelId: string, changes: ModelChanges): Promise<Model> {
    if (CHANGEABLE_FIELDS.every((field) => changes[field] === undefined)) {
      throw new EmptyChangesError(CHANGEABLE_FIELDS);
    }

    const current = await this.models.findById(modelId);
    if (current === null) throw new ModelNotFoundError(modelId);

    // NOTE: the read and the write are two statements, so of two concurrent
    // changes the later write wins for every field.
    const updated = await this.models.update(modelId, {
      name: changes.name ?? current.name,
      displayName: changes.displayName ?? current.displayName,
      provider: changes.provider ?? current.provider,
      prices: changePrices(current.prices, changes),
      currency: changes.currency ?? current.currency,
    });
    if (updated === null) throw new ModelNotFoundError(modelId);

    return updated;
  }
}
