import { Model, NewModel } from '../../domain/model';
import { ModelCatalog } from './model-catalog';

export abstract class ModelRepository extends ModelCatalog {
  /** Every model, ordered by provider, display name and id. */
  abstract list(): Promise<Model[]>;

  /** Throws ModelNameTakenError when the name is in use. */
  abstract create(model: NewModel): Promise<Model>;

  /**
   * Writes every field of a model and sets its update time. Returns null
   * for an unknown id; throws ModelNameTakenError when the name is in use.
   */
  abstract update(modelId: string, model: NewModel): Promise<Model | null>;
}
