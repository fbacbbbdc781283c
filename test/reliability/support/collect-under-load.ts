// Collects usage with many concurrent callers and prints "ack <requestId>"
// as soon as each collection resolves, for the crash test to kill at a
// random moment. Usage: <organizationId> <userId> <modelId> <prefix> <count>
// <concurrency>, with DATABASE_URL and JWT_SECRET in the environment.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../src/app.module';
import { loadAppConfig } from '../../../src/config/app-config';
import { AppSettings } from '../../../src/config/app-settings';
import { CollectUsageUseCase } from '../../../src/modules/usage/application/collect-usage.use-case';
import { loadCommand } from './load-command';

async function main(): Promise<void> {
  const [organizationId, userId, modelId, prefix, countText, concurrencyText] =
    process.argv.slice(2);
  const config = loadAppConfig({
    ...process.env,
    NODE_ENV: 'test',
    DEMO_SEED: 'false',
  });
  const settings: AppSettings = {
    ...config,
    databaseUrl: config.databaseUrl as string,
    jwtSecret: config.jwtSecret as string,
  };
  // A full application that never listens: the same providers as the service.
  const app = await NestFactory.create(AppModule.forRoot(settings), {
    logger: false,
  });
  await app.init();
  const collect = app.get(CollectUsageUseCase);
  process.stdout.write('ready\n');

  const count = Number(countText);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const command = loadCommand(
        { organizationId, userId, modelId },
        prefix,
        index,
      );
      await collect.execute(command);
      process.stdout.write(`ack ${command.requestId}\n`);
    }
  };
  await Promise.all(Array.from({ length: Number(concurrencyText) }, worker));
  process.stdout.write('done\n');
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
