/**
 * Number of shards of the organization and global rollups that collection
 * writes to. Every reader sums over the shards, so any count is exact.
 * More shards let more batches run side by side, with more rows per bucket.
 */
export const ROLLUP_SHARD_COUNT = 4;

/**
 * Hands each running insert a rollup shard that no other running insert of
 * this process holds. Every batch adds to the rows of the current quarter
 * hour, hour and day, and keeps them locked until it commits, so two
 * batches on one shard run one after the other. When every shard is held,
 * the insert shares shard 0 and waits for its row locks.
 */
export class RollupShards {
  private readonly held = new Set<number>();

  constructor(private readonly count: number) {}

  async use<T>(work: (shard: number) => Promise<T>): Promise<T> {
    const shard = this.acquire();
    try {
      return await work(shard ?? 0);
    } finally {
      if (shard !== undefined) this.held.delete(shard);
    }
  }

  private acquire(): number | undefined {
    for (let shard = 0; shard < this.count; shard++) {
      if (!this.held.has(shard)) {
        this.held.add(shard);
        return shard;
      }
    }

    return undefined;
  }
}
