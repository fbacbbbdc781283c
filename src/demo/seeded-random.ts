/**
 * A small seeded pseudo-random generator (mulberry32: a 32-bit state
 * advanced by a Weyl sequence and mixed by multiply-xorshift steps), so the
 * demo data is the same for the same seed. Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);

    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an index drawn with the given relative weights. */
  pick(weights: readonly number[]): number {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let remaining = this.next() * total;

    for (let index = 0; index < weights.length; index += 1) {
      remaining -= weights[index];
      if (remaining < 0) return index;
    }

    return weights.length - 1;
  }

  /** Draws a Poisson count with the given mean by Knuth's method, whose cost grows with the mean. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();

    while (product > limit) {
      count += 1;
      product *= this.next();
    }

    return count;
  }

  /** Draws from a log-normal distribution with the given median and spread (sigma). */
  logNormal(median: number, sigma: number): number {
    // Box-Muller turns two uniform draws into one standard normal draw.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const normal = radius * Math.cos(2 * Math.PI * this.next());

    return median * Math.exp(sigma * normal);
  }
}
