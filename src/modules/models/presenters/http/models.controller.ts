import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../../iam/presenters/http/auth.decorators';
import { ListModelsUseCase } from '../../application/list-models.use-case';
import { ModelListDto, toModelListDto } from './model.dto';

@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(private readonly listModels: ListModelsUseCase) {}

  /** Lists the catalog with prices per million tokens, for any signed-in user. */
  @Authenticated()
  @Get()
  @ApiOkResponse({ type: ModelListDto })
  async list(): Promise<ModelListDto> {
    return toModelListDto(await this.listModels.execute());
  }
}
