/**
 * mulberry32: a small seeded generator of uniform floats in [0, 1), so the
 * benchmark data is the same on every run and machine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks indexes with the given weights in O(log n) through a cumulative table. */
export class WeightedPicker {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((weight, index) => {
      sum += weight;
      this.cumulative[index] = sum;
    });
    for (let index = 0; index < weights.length; index++) {
      this.cumulative[index] /= sum;
    }
  }

  pick(uniform: number): number {
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] < uniform) low = middle + 1;
      else high = middle;
    }

    return low;
  }
}
