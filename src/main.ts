import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp } from './app.setup';
import { ConfigurationError, loadAppConfig } from './config/app-config';
import { AppSettings } from './config/app-settings';
import { runMigrations } from './database/migrations';
import { prepareRuntime } from './database/runtime-database';
import { StartupService } from './startup/startup.service';

/** Maximum wait for requests in flight after SIGTERM or SIGINT, in milliseconds. */
const SHUTDOWN_TIMEOUT_MS = 30000;

const bootLog = (message: string) => process.stdout.write(`${message}\n`);

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const runtime = await prepareRuntime(config, bootLog);
  const settings: AppSettings = {
    ...config,
    databaseUrl: runtime.databaseUrl,
    jwtSecret: runtime.jwtSecret,
  };

  const applied = await runMigrations(settings.databaseUrl);
  bootLog(
    applied.length === 0
      ? 'Schema is up to date'
      : `Applied migrations: ${applied.join(', ')}`,
  );

  const app = await NestFactory.create(
    AppModule.forRoot(settings),
    APP_OPTIONS,
  );
  const drain = configureApp(app);
  const logger = app.get(Logger);

  const summary = await app.get(StartupService).run();
  await app.listen(settings.port, settings.host);

  const baseUrl = `http://${settings.host}:${settings.port}`;
  logger.log(
    `Listening on ${baseUrl}/api, Swagger UI at ${baseUrl}/api/docs`,
    'Bootstrap',
  );
  for (const line of summary) logger.log(line, 'Bootstrap');

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`Received ${signal}; finishing requests in flight`, 'Bootstrap');
    // A request that never ends must not keep the process alive forever.
    setTimeout(() => {
      logger.error(
        `Requests still in flight after ${SHUTDOWN_TIMEOUT_MS} ms; exiting`,
        'Bootstrap',
      );
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();

    // Closes the listener and ends kept-alive connections after their
    // current response. app.close() then waits for the requests in flight
    // and runs the shutdown hooks, which commit pending collections and
    // close the pool.
    drain.start();
    await app.close();
    await runtime.stop();
    logger.log('Stopped', 'Bootstrap');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
