/** The decision on one attempt counted by a FixedWindowCounter. */
export interface WindowDecision {
  allowed: boolean;
  /** Whole seconds until the window of the key ends; 0 when allowed. */
  retryAfterSeconds: number;
}

interface Window {
  startedAtMs: number;
  count: number;
}

/**
 * Counts attempts per key in fixed windows of windowMs milliseconds and
 * allows at most `limit` of them per window. Expired windows are swept on
 * every call, so the map holds only keys seen in the last window.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Whether an attempt for the key would pass now, without counting it. */
  check(key: string, nowMs: number): WindowDecision {
    this.sweep(nowMs);
    const window = this.windows.get(key);
    if (window === undefined || window.count < this.limit) {
      return { allowed: true, retryAfterSeconds: 0 };
    }

    const endsInMs = window.startedAtMs + this.windowMs - nowMs;

    return { allowed: false, retryAfterSeconds: Math.ceil(endsInMs / 1000) };
  }

  /** Counts one attempt for the key. */
  record(key: string, nowMs: number): void {
    this.sweep(nowMs);
    const window = this.windows.get(key);
    if (window === undefined) {
      this.windows.set(key, { startedAtMs: nowMs, count: 1 });
    } else {
      window.count += 1;
    }
  }

  /** Forgets the attempts of a key, as after a successful login. */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(nowMs: number): void {
    // Map iteration follows insertion order, and every window lasts the
    // same time, so the first window that has not ended ends the sweep.
    for (const [key, window] of this.windows) {
      if (window.startedAtMs + this.windowMs > nowMs) break;
      this.windows.delete(key);
    }
  }
}
