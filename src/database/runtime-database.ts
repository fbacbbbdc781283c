import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';

/** The database and secret a process runs with, and how to release them. */
export interface Runtime {
  databaseUrl: string;
  jwtSecret: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Uses DATABASE_URL and JWT_SECRET when set. Without DATABASE_URL it starts
 * (or reuses) the embedded PostgreSQL and, without JWT_SECRET, keeps a
 * generated secret in the data directory so tokens survive restarts.
 */
export async function prepareRuntime(
  config: AppConfig,
  log: (message: string) => void,
): Promise<Runtime> {
  if (config.databaseUrl !== undefined) {
    return {
      databaseUrl: config.databaseUrl,
      jwtSecret: config.jwtSecret as string,
      embedded: false,
      stop: async () => undefined,
    };
  }

  const database = await startEmbeddedPostgres(
    config.dataDir,
    config.embeddedPostgresPort,
    log,
  );

  return {
    databaseUrl: database.url,
    jwtSecret:
      config.jwtSecret ?? (await readOrCreateJwtSecret(config.dataDir)),
    embedded: true,
    stop: () => database.stop(),
  };
}

async function readOrCreateJwtSecret(dataDir: string): Promise<string> {
  const file = join(resolve(dataDir), 'jwt-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();

  const secret = randomBytes(48).toString('base64url');
  await mkdir(resolve(dataDir), { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });

  return secret;
}
