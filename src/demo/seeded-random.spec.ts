import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('repeats a sequence for a seed', () => {
    const first = new SeededRandom(42);
    const second = new SeededRandom(42);

    const drawn = Array.from({ length: 5 }, () => first.next());

    expect(Array.from({ length: 5 }, () => second.next())).toEqual(drawn);
  });

  it('matches mulberry32 in C', () => {
    // Outputs of the C version of mulberry32 for seed 1, as 32-bit integers.
    const random = new SeededRandom(1);

    expect(Math.round(random.next() * 4294967296)).toBe(2693262067);
    expect(Math.round(random.next() * 4294967296)).toBe(11749833);
  });

  it('stays within [0, 1)', () => {
    const random = new SeededRandom(7);

    for (let draw = 0; draw < 10000; draw += 1) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('picks only weighted indexes', () => {
    const random = new SeededRandom(3);
    const counts = [0, 0, 0];

    for (let draw = 0; draw < 1000; draw += 1) {
      counts[random.pick([1, 0, 3])] += 1;
    }

    expect(counts[1]).toBe(0);
    expect(counts[0] + counts[2]).toBe(1000);
  });

  it('draws zero for a zero mean', () => {
    expect(new SeededRandom(5).poisson(0)).toBe(0);
  });
});
