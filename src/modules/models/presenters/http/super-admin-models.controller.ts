import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../../common/http/error-body';
import { ParseUuidPipe } from '../../../../common/http/parse-uuid.pipe';
import { RequireSystemRole } from '../../../iam/presenters/http/auth.decorators';
import { CreateModelUseCase } from '../../application/create-model.use-case';
import { ListModelsUseCase } from '../../application/list-models.use-case';
import { UpdateModelUseCase } from '../../application/update-model.use-case';
import { CreateModelDto } from './create-model.dto';
import {
  ModelDto,
  ModelListDto,
  toModelDto,
  toModelListDto,
} from './model.dto';
import { UpdateModelDto } from './update-model.dto';

@ApiTags('super-admin')
@RequireSystemRole('super_admin')
@Controller('super-admin/models')
export class SuperAdminModelsController {
  constructor(
    private readonly listModels: ListModelsUseCase,
    private readonly createModel: CreateModelUseCase,
    private readonly updateModel: UpdateModelUseCase,
  ) {}

  @Get()
  @ApiOkResponse({ type: ModelListDto })
  async list(): Promise<ModelListDto> {
    return toModelListDto(await this.listModels.execute());
  }

  @Post()
  @ApiCreatedResponse({ type: ModelDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'Name in use' })
  async create(@Body() body: CreateModelDto): Promise<ModelDto> {
    const model = await this.createModel.execute({
      name: body.name,
      displayName: body.displayName,
      provider: body.provider,
      inputPricePerMillion: body.inputPricePerMillion ?? null,
      outputPricePerMillion: body.outputPricePerMillion ?? null,
      currency: body.currency,
    });

    return toModelDto(model);
  }

  /** Changes the given fields; a new price applies only to later usage. */
  @Patch(':modelId')
  @ApiOkResponse({ type: ModelDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'Name in use' })
  async update(
    @Param('modelId', new ParseUuidPipe('modelId')) modelId: string,
    @Body() body: UpdateModelDto,
  ): Promise<ModelDto> {
    const model = await this.updateModel.execute(modelId, {
      name: body.name,
      displayName: body.displayName,
      provider: body.provider,
      inputPricePerMillion: body.inputPricePerMillion,
      outputPricePerMillion: body.outputPricePerMillion,
      currency: body.currency,
    });

    return toModelDto(model);
  }
}
