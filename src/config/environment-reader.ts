/** An environment variable that is missing or has an invalid value. */
export class ConfigurationError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigurationError';
  }
}

const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const DURATION_UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

/** Typed readers over one environment; each names its variable when it throws. */
export function readEnvironment(env: NodeJS.ProcessEnv) {
  const raw = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === ''
      ? undefined
      : value.trim();
  };

  return {
    optionalString: (name: string): string | undefined => raw(name),

    string: (name: string, fallback: string): string => raw(name) ?? fallback,

    integer(name: string, fallback: number, min: number, max: number): number {
      const value = raw(name);
      if (value === undefined) return fallback;

      const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
        throw new ConfigurationError(
          name,
          `must be a whole number from ${min} to ${max}, got "${value}"`,
        );
      }

      return parsed;
    },

    boolean(name: string, fallback: boolean): boolean {
      const value = raw(name)?.toLowerCase();
      if (value === undefined) return fallback;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;

      throw new ConfigurationError(
        name,
        `must be true or false, got "${value}"`,
      );
    },

    oneOf<T extends string>(
      name: string,
      allowed: readonly T[],
      fallback: T,
    ): T {
      const value = raw(name);
      if (value === undefined) return fallback;
      if ((allowed as readonly string[]).includes(value)) return value as T;

      throw new ConfigurationError(
        name,
        `must be one of ${allowed.join(', ')}, got "${value}"`,
      );
    },

    /** Reads seconds, or a number with an `s`, `m`, `h` or `d` suffix. */
    duration(name: string, fallbackSeconds: number): number {
      const value = raw(name);
      if (value === undefined) return fallbackSeconds;

      const match = DURATION.exec(value);
      const seconds = match
        ? Number(match[1]) * DURATION_UNIT_SECONDS[match[2] ?? 's']
        : 0;
      if (!Number.isSafeInteger(seconds) || seconds <= 0) {
        throw new ConfigurationError(
          name,
          `must be a positive duration such as 3600, 90m or 1h, got "${value}"`,
        );
      }

      return seconds;
    },

    optionalUrl(name: string, protocols: string[]): string | undefined {
      const value = raw(name);
      if (value === undefined) return undefined;

      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new ConfigurationError(name, 'must be a valid URL');
      }
      if (!protocols.includes(url.protocol)) {
        throw new ConfigurationError(
          name,
          `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`,
        );
      }

      return value;
    },
  };
}
