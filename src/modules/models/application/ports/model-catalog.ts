import { Model } from '../../domain/model';

/** Read access to the model catalog, for other modules. */
export abstract class ModelCatalog {
  abstract findById(modelId: string): Promise<Model | null>;
}
