import {
  DomainError,
  ValidationError,
} from '../../../common/domain/domain-error';

export const ModelsErrorCode = {
  modelNotFound: 'models.model_not_found',
  nameTaken: 'models.name_taken',
  incompletePrices: 'models.incomplete_prices',
  emptyChanges: 'models.empty_changes',
} as const;

export class ModelNotFoundError extends DomainError {
  constructor(modelId: string) {
    super(
      ModelsErrorCode.modelNotFound,
      'not_found',
      `Model ${modelId} not found`,
      [{ field: 'modelId', message: 'must be the id of a catalog model' }],
    );
  }
}

export class ModelNameTakenError extends DomainError {
  constructor(name: string) {
    super(
      ModelsErrorCode.nameTaken,
      'conflict',
      `A model named "${name}" already exists`,
      [{ field: 'name', message: 'is already in use; choose another name' }],
    );
  }
}

/** A change that would leave one price set and the other null, because a model has both prices or neither. */
export class IncompletePricesError extends ValidationError {
  constructor(missingField: string, presentField: string) {
    super(ModelsErrorCode.incompletePrices, [
      {
        field: missingField,
        message: `must be set together with ${presentField}; set both prices or neither`,
      },
    ]);
  }
}

export class EmptyChangesError extends ValidationError {
  constructor(fields: readonly string[]) {
    super(ModelsErrorCode.emptyChanges, [
      {
        field: 'body',
        message: `must contain at least one of ${fields.join(', ')}`,
      },
    ]);
  }
}
