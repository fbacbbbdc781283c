import { IncompletePricesError } from './models.errors';
import { changePrices, pairPrices } from './model-prices';

describe('pairPrices', () => {
  it('pairs two prices', () => {
    expect(pairPrices('2.5', '10')).toEqual({
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
    });
  });

  it('returns null for no prices', () => {
    expect(pairPrices(null, null)).toBeNull();
  });

  it('rejects a missing output price', () => {
    expect(() => pairPrices('2.5', null)).toThrow(IncompletePricesError);

    try {
      pairPrices('2.5', null);
    } catch (error) {
      expect((error as IncompletePricesError).details).toEqual([
        {
          field: 'outputPricePerMillion',
          message:
            'must be set together with inputPricePerMillion; set both prices or neither',
        },
      ]);
    }
  });

  it('rejects a missing input price', () => {
    expect(() => pairPrices(null, '10')).toThrow(
      'inputPricePerMillion: must be set together with outputPricePerMillion',
    );
  });
});

describe('changePrices', () => {
  const current = { inputPricePerMillion: '1', outputPricePerMillion: '2' };

  it('keeps prices absent from the change', () => {
    expect(changePrices(current, { displayName: 'X' })).toEqual(current);
  });

  it('replaces one price', () => {
    expect(changePrices(current, { outputPricePerMillion: '3' })).toEqual({
      inputPricePerMillion: '1',
      outputPricePerMillion: '3',
    });
  });

  it('clears both prices', () => {
    expect(
      changePrices(current, {
        inputPricePerMillion: null,
        outputPricePerMillion: null,
      }),
    ).toBeNull();
  });

  it('rejects clearing one price', () => {
    expect(() => changePrices(current, { inputPricePerMillion: null })).toThrow(
      IncompletePricesError,
    );
  });

  it('rejects pricing one side of an unpriced model', () => {
    expect(() => changePrices(null, { inputPricePerMillion: '1' })).toThrow(
      IncompletePricesError,
    );
  });
});
