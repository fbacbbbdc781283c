/** Latency percentiles of one timed query, in milliseconds. */
export interface LatencyFigure {
  calls: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LatencyOptions {
  warmupCalls: number;
  /** Time after which warming up stops, in milliseconds; at least one call runs. */
  warmupBudgetMs: number;
  measuredCalls: number;
  /** Stop measuring after this many milliseconds even if fewer calls ran. */
  budgetMs: number;
}

export const SERVICE_CALLS: LatencyOptions = {
  warmupCalls: 20,
  warmupBudgetMs: Infinity,
  measuredCalls: 200,
  budgetMs: 60_000,
};

/** The raw-table computation is slow at scale, so it gets a time budget. */
export const RAW_CALLS: LatencyOptions = {
  warmupCalls: 2,
  warmupBudgetMs: 2_000,
  measuredCalls: 200,
  budgetMs: 4_000,
};

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(fraction * sorted.length) - 1,
  );

  return sorted[Math.max(0, index)];
}

/** Calls `work` sequentially: warm-up calls first, then measured ones. */
export async function measureLatency(
  work: () => Promise<unknown>,
  options: LatencyOptions,
): Promise<LatencyFigure> {
  const warmupDeadline = performance.now() + options.warmupBudgetMs;
  for (let call = 0; call < options.warmupCalls; call++) {
    await work();
    if (performance.now() > warmupDeadline) break;
  }

  const durations: number[] = [];
  const deadline = performance.now() + options.budgetMs;
  while (durations.length < options.measuredCalls) {
    const started = performance.now();
    await work();
    durations.push(performance.now() - started);
    if (performance.now() > deadline) break;
  }
  durations.sort((a, b) => a - b);

  return {
    calls: durations.length,
    p50: percentile(durations, 0.5),
    p95: percentile(durations, 0.95),
    p99: percentile(durations, 0.99),
  };
}

/** Samples the resident set size of this process and keeps the maximum. */
export class RssSampler {
  private maxBytes = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 100) {
    this.timer = setInterval(() => {
      this.maxBytes = Math.max(this.maxBytes, process.memoryUsage().rss);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): number {
    clearInterval(this.timer);

    return Math.max(this.maxBytes, process.memoryUsage().rss);
  }
}
