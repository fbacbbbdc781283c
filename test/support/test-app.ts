import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp } from '../../src/app.setup';
import { loadAppConfig } from '../../src/config/app-config';
import { AppSettings } from '../../src/config/app-settings';
import { createTestDatabase, TestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters';

/** The whole application on a fresh migrated database, listening on no port. */
export interface TestApp {
  app: INestApplication;
  server: Server;
  dataSource: DataSource;
  database: TestDatabase;
  settings: AppSettings;
  close(): Promise<void>;
}

/** Boots AppModule as main.ts does, with extra environment variables if given. */
export async function startTestApp(
  label: string,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const database = await createTestDatabase(label);
  const config = loadAppConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    JWT_SECRET: TEST_JWT_SECRET,
    DEMO_SEED: 'false',
    ...env,
  });
  const settings: AppSettings = {
    ...config,
    databaseUrl: database.url,
    jwtSecret: config.jwtSecret as string,
  };

  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(settings)],
  }).compile();
  const app = moduleRef.createNestApplication(APP_OPTIONS);
  configureApp(app);
  await app.init();

  return {
    app,
    server: app.getHttpServer() as Server,
    dataSource: app.get(DataSource),
    database,
    settings,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
