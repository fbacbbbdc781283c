/** Latency percentiles of one timed query, in milliseconds. */
export interface LatencyFigure {
  calls: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LatencyOptions {
  warmupCalls: number;
  measuredCalls: number;
  /** Stop measuring after this many milliseconds even if fewer calls ran. */
  budgetMs: number;
}

export const SERVICE_CALLS: LatencyOptions = {
  warmupCalls: 20,
  measuredCalls: 200,
  budgetMs: 60_000,
};

/**
 * Returns the call options of the raw-table computation, which takes up
 * to several seconds a call at scale and so gets a time budget. The call
 * that checks its result against the service's is its first warm-up, and
 * one more follows unless that check took over a second.
 */
export function rawCallsAfter(checkMs: number): LatencyOptions {
  return {
    warmupCalls: checkMs > 1_000 ? 0 : 1,
    measuredCalls: 200,
    budgetMs: 2_000,
  };
}

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
  for (let call = 0; call < options.warmupCalls; call++) await work();

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
