import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../app.module';
import { ConfigurationError, loadAppConfig } from '../config/app-config';
import { AppSettings } from '../config/app-settings';
import { prepareRuntime } from '../database/runtime-database';

/** A wrong command line; the process prints the message and usage, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export const printLine = (message: string): void => {
  process.stdout.write(`${message}\n`);
};

export const printError = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

/** Settings of a command-line run and how to release its database. */
export interface CliRuntime {
  settings: AppSettings;
  stop(): Promise<void>;
}

/**
 * Resolves the database as the service does: DATABASE_URL when set, else
 * the embedded PostgreSQL, reused when the service already runs it. The
 * commands issue no tokens, so with DATABASE_URL and no JWT_SECRET a
 * throwaway secret satisfies the configuration check.
 */
export async function prepareCliRuntime(
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliRuntime> {
  const config = loadAppConfig({
    ...env,
    JWT_SECRET:
      env.JWT_SECRET ??
      (env.DATABASE_URL ? randomBytes(32).toString('base64url') : undefined),
  });
  const runtime = await prepareRuntime(config, printLine);

  return {
    settings: {
      ...config,
      databaseUrl: runtime.databaseUrl,
      jwtSecret: runtime.jwtSecret,
    },
    stop: () => runtime.stop(),
  };
}

/** Runs work in a Nest application context of the whole service, then closes it. */
export async function withApplicationContext<T>(
  settings: AppSettings,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(settings),
    { logger: ['error', 'warn'], abortOnError: false },
  );

  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Runs a command's main function and exits with its code, or 1 or 2 on errors. */
export function runCli(main: () => Promise<number>, usage: string): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof CliUsageError) {
        printError(`${error.message}\n\n${usage}`);
        process.exit(EXIT_USAGE);
      }
      if (error instanceof ConfigurationError) {
        printError(error.message);
      } else {
        printError(
          `Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      process.exit(EXIT_FAILURE);
    },
  );
}
