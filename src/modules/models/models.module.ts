import { Module } from '@nestjs/common';
import { CreateModelUseCase } from './application/create-model.use-case';
import { ImportLitellmPricesUseCase } from './application/import-litellm-prices.use-case';
import { ListModelsUseCase } from './application/list-models.use-case';
import { ModelCatalog } from './application/ports/model-catalog';
import { ModelRepository } from './application/ports/model.repository';
import { UpdateModelUseCase } from './application/update-model.use-case';
import { PostgresModelRepository } from './infrastructure/postgres-model.repository';
import { ModelsController } from './presenters/http/models.controller';
import { SuperAdminModelsController } from './presenters/http/super-admin-models.controller';

/** The model catalog; other modules read it through ModelCatalog. */
@Module({
  controllers: [ModelsController, SuperAdminModelsController],
  providers: [
    { provide: ModelRepository, useClass: PostgresModelRepository },
    { provide: ModelCatalog, useExisting: ModelRepository },
    ListModelsUseCase,
    CreateModelUseCase,
    UpdateModelUseCase,
    ImportLitellmPricesUseCase,
  ],
  exports: [ModelCatalog],
})
export class ModelsModule {}
