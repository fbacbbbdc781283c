import { sharePercentages, withPercentages } from './usage-percentages';

function sumOf(values: number[]): number {
  return Math.round(values.reduce((sum, value) => sum + value * 100, 0));
}

describe('sharePercentages', () => {
  it('splits exact shares', () => {
    expect(sharePercentages([300, 150, 150, 100, 50])).toEqual([
      40, 20, 20, 13.33, 6.67,
    ]);
  });

  it('gives leftovers to largest remainders', () => {
    // 2556 tokens: floors 7065 + 1956 + 586 + 391 = 9998 hundredths, and
    // the remainders rank 2184 (meta), 1860 (openai), 604, 464.
    expect(sharePercentages([1806, 500, 150, 100])).toEqual([
      70.66, 19.56, 5.87, 3.91,
    ]);
  });

  it('breaks remainder ties by row order', () => {
    expect(sharePercentages([1, 1, 1])).toEqual([33.34, 33.33, 33.33]);
    expect(sharePercentages([1, 1, 1, 1, 1, 1, 1])).toEqual([
      14.29, 14.29, 14.29, 14.29, 14.28, 14.28, 14.28,
    ]);
  });

  it('adds up to exactly 100', () => {
    const cases = [
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      [999_999_999, 1, 1],
      [7, 7, 7, 7, 7, 7],
      [Number.MAX_SAFE_INTEGER, 3, Number.MAX_SAFE_INTEGER - 1],
    ];
    for (const tokens of cases) {
      expect(sumOf(sharePercentages(tokens))).toBe(10_000);
    }
  });

  it('returns zeros without tokens', () => {
    expect(sharePercentages([0, 0])).toEqual([0, 0]);
    expect(sharePercentages([])).toEqual([]);
  });

  it('keeps zero rows at zero', () => {
    expect(sharePercentages([0, 3, 0])).toEqual([0, 100, 0]);
  });
});

describe('withPercentages', () => {
  it('adds the percentage to each row', () => {
    expect(
      withPercentages([
        { provider: 'a', tokens: 1 },
        { provider: 'b', tokens: 3 },
      ]),
    ).toEqual([
      { provider: 'a', tokens: 1, percentage: 25 },
      { provider: 'b', tokens: 3, percentage: 75 },
    ]);
  });
});
