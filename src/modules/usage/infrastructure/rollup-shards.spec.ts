import { RollupShards } from './rollup-shards';

describe('RollupShards', () => {
  it('hands running work distinct shards', async () => {
    const sut = new RollupShards(2);
    const seen: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));

    const first = sut.use(async (shard) => {
      seen.push(shard);
      await gate;
    });
    const second = sut.use(async (shard) => {
      seen.push(shard);
      await gate;
    });
    const third = sut.use(async (shard) => {
      seen.push(shard);
    });
    await third;
    release();
    await Promise.all([first, second]);

    expect(seen).toEqual([0, 1, 0]);
  });

  it('frees a shard after a failure', async () => {
    const sut = new RollupShards(1);

    await expect(
      sut.use(async () => {
        throw new Error('insert failed');
      }),
    ).rejects.toThrow('insert failed');

    expect(await sut.use(async (shard) => shard)).toBe(0);
  });

  it('reuses a freed shard first', async () => {
    const sut = new RollupShards(3);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));

    await sut.use(async () => undefined);
    const held = sut.use(async (shard) => {
      await gate;
      return shard;
    });
    const next = await sut.use(async (shard) => shard);
    release();

    expect(await held).toBe(0);
    expect(next).toBe(1);
  });
});
