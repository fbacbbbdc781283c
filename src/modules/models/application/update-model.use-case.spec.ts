import { Model, NewModel } from '../domain/model';
import {
  EmptyChangesError,
  IncompletePricesError,
  ModelNotFoundError,
} from '../domain/models.errors';
import { ModelRepository } from './ports/model.repository';
import { UpdateModelUseCase } from './update-model.use-case';

const stored: Model = {
  id: 'model-1',
  name: 'gpt-4o',
  displayName: 'GPT-4o',
  provider: 'openai',
  prices: { inputPricePerMillion: '2.5', outputPricePerMillion: '10' },
  currency: 'USD',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
};

class FakeModelRepository extends ModelRepository {
  writes: NewModel[] = [];

  async list(): Promise<Model[]> {
    return [stored];
  }

  async findById(modelId: string): Promise<Model | null> {
    return modelId === stored.id ? stored : null;
  }

  async create(): Promise<Model> {
    throw new Error('not used');
  }

  async update(modelId: string, model: NewModel): Promise<Model | null> {
    this.writes.push(model);

    return { ...stored, ...model, id: modelId };
  }
}

describe('UpdateModelUseCase', () => {
  let models: FakeModelRepository;
  let useCase: UpdateModelUseCase;

  beforeEach(() => {
    models = new FakeModelRepository();
    useCase = new UpdateModelUseCase(models);
  });

  it('keeps fields absent from the change', async () => {
    await useCase.execute('model-1', { displayName: 'GPT-4o (2024)' });

    expect(models.writes).toEqual([
      {
        name: 'gpt-4o',
        displayName: 'GPT-4o (2024)',
        provider: 'openai',
        prices: { inputPricePerMillion: '2.5', outputPricePerMillion: '10' },
        currency: 'USD',
      },
    ]);
  });

  it('rejects an empty change', async () => {
    await expect(useCase.execute('model-1', {})).rejects.toThrow(
      EmptyChangesError,
    );
    expect(models.writes).toEqual([]);
  });

  it('rejects an unknown model', async () => {
    await expect(
      useCase.execute('model-2', { displayName: 'X' }),
    ).rejects.toThrow(ModelNotFoundError);
  });

  it('rejects clearing one price', async () => {
    await expect(
      useCase.execute('model-1', { outputPricePerMillion: null }),
    ).rejects.toThrow(IncompletePricesError);
    expect(models.writes).toEqual([]);
  });
});
