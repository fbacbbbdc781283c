import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { UsageModule } from '../usage/usage.module';
import { GetRunUseCase } from './application/get-run.use-case';
import { Clock } from './application/ports/clock';
import { InferenceProviderRegistry } from './application/ports/inference-provider';
import { RunInputDigest } from './application/ports/run-input-digest';
import { RunRepository } from './application/ports/run.repository';
import { ReplayRunUseCase } from './application/replay-run.use-case';
import { StartRunUseCase } from './application/start-run.use-case';
import { ConfiguredInferenceProviderRegistry } from './infrastructure/configured-inference-provider.registry';
import { HmacRunInputDigest } from './infrastructure/hmac-run-input-digest';
import { PostgresRunRepository } from './infrastructure/postgres-run.repository';
import { SystemClock } from './infrastructure/system-clock';
import { RunsController } from './presenters/http/runs.controller';

@Module({
  imports: [ModelsModule, UsageModule],
  controllers: [RunsController],
  providers: [
    { provide: RunRepository, useClass: PostgresRunRepository },
    {
      provide: InferenceProviderRegistry,
      useClass: ConfiguredInferenceProviderRegistry,
    },
    { provide: Clock, useClass: SystemClock },
    { provide: RunInputDigest, useClass: HmacRunInputDigest },
    StartRunUseCase,
    ReplayRunUseCase,
    GetRunUseCase,
  ],
})
export class RunsModule {}
