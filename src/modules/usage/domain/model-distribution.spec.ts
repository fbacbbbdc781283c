import { toModelDistribution } from './model-distribution';
import { ModelUsage } from './usage-totals';

function model(
  displayName: string,
  tokens: number,
  requests: number,
): ModelUsage {
  return {
    modelId: `id-${displayName}`,
    modelName: displayName.toLowerCase(),
    displayName,
    provider: 'openai',
    tokens,
    requests,
    costs: [],
  };
}

describe('toModelDistribution', () => {
  it('sums the rest as others', () => {
    const distribution = toModelDistribution({
      models: [model('A', 300, 1), model('B', 150, 1)],
      modelCount: 5,
      tokens: 750,
      requests: 5,
    });

    expect(distribution.models.map((row) => row.percentage)).toEqual([40, 20]);
    expect(distribution.others).toEqual({
      modelCount: 3,
      tokens: 300,
      requests: 3,
      percentage: 40,
    });
  });

  it('rounds models and others to 100', () => {
    const distribution = toModelDistribution({
      models: [model('A', 1, 1)],
      modelCount: 3,
      tokens: 3,
      requests: 3,
    });

    expect(distribution.models[0].percentage).toBe(33.33);
    expect(distribution.others?.percentage).toBe(66.67);
  });

  it('has no others when all fit', () => {
    const distribution = toModelDistribution({
      models: [model('A', 2, 1), model('B', 1, 1)],
      modelCount: 2,
      tokens: 3,
      requests: 2,
    });

    expect(distribution.models.map((row) => row.percentage)).toEqual([
      66.67, 33.33,
    ]);
    expect(distribution.others).toBeNull();
  });

  it('keeps the ranking order', () => {
    const models = [model('A', 5, 1), model('B', 5, 1), model('C', 0, 1)];
    const distribution = toModelDistribution({
      models,
      modelCount: 3,
      tokens: 10,
      requests: 3,
    });

    expect(distribution.models.map((row) => row.displayName)).toEqual([
      'A',
      'B',
      'C',
    ]);
    expect(distribution.models.map((row) => row.percentage)).toEqual([
      50, 50, 0,
    ]);
  });

  it('returns zeros without tokens', () => {
    const distribution = toModelDistribution({
      models: [model('A', 0, 1)],
      modelCount: 2,
      tokens: 0,
      requests: 2,
    });

    expect(distribution.models[0].percentage).toBe(0);
    expect(distribution.others).toEqual({
      modelCount: 1,
      tokens: 0,
      requests: 1,
      percentage: 0,
    });
  });

  it('returns nothing without models', () => {
    expect(
      toModelDistribution({
        models: [],
        modelCount: 0,
        tokens: 0,
        requests: 0,
      }),
    ).toEqual({ models: [], others: null });
  });
});
