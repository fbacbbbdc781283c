import { ConfigurationError, readEnvironment } from './environment-reader';

/** Base URL and key of one OpenAI-compatible inference endpoint. */
export interface InferenceEndpointConfig {
  baseUrl: string;
  apiKey: string | undefined;
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  /** Unset means the embedded PostgreSQL under `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  /** Unset only in the embedded setup, which keeps a generated one in `dataDir`. */
  jwtSecret: string | undefined;
  jwtExpiresInSeconds: number;
  superAdmin: { email: string; password: string } | undefined;
  demoSeed: boolean;
  demoPassword: string;
  /** Endpoints by provider name in lower case, for example `openai`. */
  inferenceEndpoints: Map<string, InferenceEndpointConfig>;
  inferenceTimeoutMs: number;
  /** Whether models of a provider without an endpoint run on the simulated provider. */
  simulateUnconfiguredProviders: boolean;
  /** Login attempts allowed per client address and per email in each window. */
  loginRateLimit: {
    perAddress: number;
    perAccount: number;
    windowSeconds: number;
  };
  /** Bearer token that GET /metrics requires; unset leaves it public. */
  metricsToken: string | undefined;
  /**
   * Reverse proxies in front of the service whose X-Forwarded-For entry
   * gives the client address; 0 takes the address of the connection.
   */
  trustProxyHops: number;
  /** Time an export may write nothing to its client before it is ended. */
  exportStallTimeoutMs: number;
  /**
   * Pause between folds of pending usage into the rollups while none is
   * left; 0 runs no folds (the tests fold when they choose).
   */
  rollupFoldIntervalMs: number;
}

const INFERENCE_URL_VARIABLE = /^INFERENCE_([A-Z0-9_]+)_BASE_URL$/;

/**
 * Parses and validates the environment once at boot. Throws a
 * ConfigurationError naming the first variable that is invalid.
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = readEnvironment(env);
  const nodeEnv = read.oneOf(
    'NODE_ENV',
    ['development', 'production', 'test'],
    'development',
  );
  const superAdminEmail = read.optionalString('SUPER_ADMIN_EMAIL');
  const superAdminPassword = read.optionalString('SUPER_ADMIN_PASSWORD');

  if ((superAdminEmail === undefined) !== (superAdminPassword === undefined)) {
    throw new ConfigurationError(
      superAdminEmail === undefined
        ? 'SUPER_ADMIN_EMAIL'
        : 'SUPER_ADMIN_PASSWORD',
      'SUPER_ADMIN_EMAIL and SUPER_ADMIN_PASSWORD must be set together',
    );
  }

  const databaseUrl = read.optionalUrl('DATABASE_URL', [
    'postgres:',
    'postgresql:',
  ]);
  const jwtSecret = read.optionalString('JWT_SECRET');

  if (databaseUrl !== undefined && jwtSecret === undefined) {
    throw new ConfigurationError(
      'JWT_SECRET',
      'is required when DATABASE_URL is set; only the embedded setup generates one',
    );
  }
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigurationError(
      'JWT_SECRET',
      'must be at least 32 characters long',
    );
  }

  return {
    nodeEnv,
    host: read.string('HOST', '127.0.0.1'),
    port: read.integer('PORT', 3000, 0, 65535),
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    databaseUrl,
    dataDir: read.string('DATA_DIR', '.data'),
    embeddedPostgresPort: read.integer(
      'EMBEDDED_POSTGRES_PORT',
      54329,
      1024,
      65535,
    ),
    jwtSecret,
    jwtExpiresInSeconds: read.duration('JWT_EXPIRES_IN', 3600),
    superAdmin:
      superAdminEmail !== undefined && superAdminPassword !== undefined
        ? { email: superAdminEmail.toLowerCase(), password: superAdminPassword }
        : undefined,
    demoSeed: read.boolean('DEMO_SEED', true),
    demoPassword: read.string('DEMO_PASSWORD', 'demo-password'),
    inferenceEndpoints: readInferenceEndpoints(env, read),
    inferenceTimeoutMs: read.integer('INFERENCE_TIMEOUT_MS', 60000, 1, 600000),
    simulateUnconfiguredProviders: read.boolean(
      'INFERENCE_SIMULATE_UNCONFIGURED',
      true,
    ),
    loginRateLimit: {
      perAddress: read.integer('LOGIN_RATE_LIMIT_PER_IP', 100, 1, 1000000),
      perAccount: read.integer('LOGIN_RATE_LIMIT_PER_ACCOUNT', 10, 1, 1000000),
      windowSeconds: read.integer(
        'LOGIN_RATE_LIMIT_WINDOW_SECONDS',
        900,
        1,
        86400,
      ),
    },
    metricsToken: readMetricsToken(read),
    trustProxyHops: read.integer('TRUST_PROXY_HOPS', 0, 0, 10),
    exportStallTimeoutMs: read.integer(
      'EXPORT_STALL_TIMEOUT_MS',
      120000,
      1000,
      3600000,
    ),
    rollupFoldIntervalMs: read.integer(
      'ROLLUP_FOLD_INTERVAL_MS',
      nodeEnv === 'test' ? 0 : 1000,
      0,
      3600000,
    ),
  };
}

const MIN_METRICS_TOKEN_LENGTH = 16;

function readMetricsToken(
  read: ReturnType<typeof readEnvironment>,
): string | undefined {
  const token = read.optionalString('METRICS_TOKEN');
  if (token !== undefined && token.length < MIN_METRICS_TOKEN_LENGTH) {
    throw new ConfigurationError(
      'METRICS_TOKEN',
      `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters long`,
    );
  }

  return token;
}

function readInferenceEndpoints(
  env: NodeJS.ProcessEnv,
  read: ReturnType<typeof readEnvironment>,
): Map<string, InferenceEndpointConfig> {
  const endpoints = new Map<string, InferenceEndpointConfig>();

  for (const name of Object.keys(env).sort()) {
    const match = INFERENCE_URL_VARIABLE.exec(name);
    if (match === null) continue;

    const provider = match[1].toLowerCase().replace(/_/g, '-');
    const baseUrl = read.optionalUrl(name, ['http:', 'https:']);
    if (baseUrl === undefined) continue;

    endpoints.set(provider, {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      apiKey: read.optionalString(`INFERENCE_${match[1]}_API_KEY`),
    });
  }

  return endpoints;
}

export { ConfigurationError };
