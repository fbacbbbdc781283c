import { ConfigurationError, loadAppConfig } from './app-config';

const SECRET = 'a-secret-that-is-long-enough-for-hs256!';

function errorOf(env: NodeJS.ProcessEnv): ConfigurationError {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadAppConfig', () => {
  it('applies the defaults of the embedded setup', () => {
    const config = loadAppConfig({});

    expect(config.databaseUrl).toBeUndefined();
    expect(config.jwtSecret).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.jwtExpiresInSeconds).toBe(3600);
    expect(config.embeddedPostgresPort).toBe(54329);
    expect(config.demoSeed).toBe(true);
    expect(config.demoPassword).toBe('demo-password');
    expect(config.superAdmin).toBeUndefined();
    expect(config.trustProxyHops).toBe(0);
    expect(config.exportStallTimeoutMs).toBe(120000);
    expect(config.rollupFoldIntervalMs).toBe(1000);
  });

  it('reads the rollup fold interval, with no folds by default in tests', () => {
    expect(
      loadAppConfig({ ROLLUP_FOLD_INTERVAL_MS: '250' }).rollupFoldIntervalMs,
    ).toBe(250);
    expect(loadAppConfig({ NODE_ENV: 'test' }).rollupFoldIntervalMs).toBe(0);
    expect(errorOf({ ROLLUP_FOLD_INTERVAL_MS: '-5' }).message).toBe(
      'Invalid configuration: ROLLUP_FOLD_INTERVAL_MS must be a whole number from 0 to 3600000, got "-5"',
    );
  });

  it('reads the export stall timeout', () => {
    expect(
      loadAppConfig({ EXPORT_STALL_TIMEOUT_MS: '5000' }).exportStallTimeoutMs,
    ).toBe(5000);
    expect(errorOf({ EXPORT_STALL_TIMEOUT_MS: '999' }).message).toBe(
      'Invalid configuration: EXPORT_STALL_TIMEOUT_MS must be a whole number from 1000 to 3600000, got "999"',
    );
  });

  it('reads the trusted proxy hops', () => {
    expect(loadAppConfig({ TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2);
    expect(errorOf({ TRUST_PROXY_HOPS: '-1' }).message).toBe(
      'Invalid configuration: TRUST_PROXY_HOPS must be a whole number from 0 to 10, got "-1"',
    );
  });

  it('reads durations with units', () => {
    expect(loadAppConfig({ JWT_EXPIRES_IN: '90m' }).jwtExpiresInSeconds).toBe(
      5400,
    );
    expect(loadAppConfig({ JWT_EXPIRES_IN: '2h' }).jwtExpiresInSeconds).toBe(
      7200,
    );
    expect(loadAppConfig({ JWT_EXPIRES_IN: '45' }).jwtExpiresInSeconds).toBe(
      45,
    );
  });

  it('requires JWT_SECRET with DATABASE_URL', () => {
    const error = errorOf({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' });

    expect(error.variable).toBe('JWT_SECRET');
  });

  it('rejects a short JWT_SECRET', () => {
    expect(errorOf({ JWT_SECRET: 'short' }).variable).toBe('JWT_SECRET');
  });

  it('names the invalid variable', () => {
    expect(errorOf({ PORT: 'eighty' }).message).toBe(
      'Invalid configuration: PORT must be a whole number from 0 to 65535, got "eighty"',
    );
    expect(errorOf({ DEMO_SEED: 'maybe' }).variable).toBe('DEMO_SEED');
    expect(errorOf({ JWT_EXPIRES_IN: '-5' }).variable).toBe('JWT_EXPIRES_IN');
    expect(
      errorOf({ DATABASE_URL: 'mysql://x', JWT_SECRET: SECRET }).variable,
    ).toBe('DATABASE_URL');
    expect(errorOf({ LOG_LEVEL: 'loud' }).variable).toBe('LOG_LEVEL');
  });

  it('requires both super admin variables', () => {
    expect(errorOf({ SUPER_ADMIN_EMAIL: 'root@example.com' }).variable).toBe(
      'SUPER_ADMIN_PASSWORD',
    );
  });

  it('lower-cases the super admin email', () => {
    const config = loadAppConfig({
      SUPER_ADMIN_EMAIL: 'Root@Example.COM',
      SUPER_ADMIN_PASSWORD: 'long-password',
    });

    expect(config.superAdmin).toEqual({
      email: 'root@example.com',
      password: 'long-password',
    });
  });

  it('collects inference endpoints by provider', () => {
    const config = loadAppConfig({
      INFERENCE_OPENAI_BASE_URL: 'https://api.example.test/v1/',
      INFERENCE_OPENAI_API_KEY: 'sk-test',
      INFERENCE_MISTRAL_AI_BASE_URL: 'http://127.0.0.1:8080',
    });

    expect([...config.inferenceEndpoints.entries()]).toEqual([
      ['mistral-ai', { baseUrl: 'http://127.0.0.1:8080', apiKey: undefined }],
      ['openai', { baseUrl: 'https://api.example.test/v1', apiKey: 'sk-test' }],
    ]);
  });
});
