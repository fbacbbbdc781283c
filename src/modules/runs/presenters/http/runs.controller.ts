import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorBodyDto } from '../../../../common/http/error-body';
import { ParseUuidPipe } from '../../../../common/http/parse-uuid.pipe';
import { AuthenticatedUser } from '../../../iam/domain/authenticated-user';
import {
  Authenticated,
  CurrentUser,
} from '../../../iam/presenters/http/auth.decorators';
import { GetRunUseCase } from '../../application/get-run.use-case';
import { StartRunUseCase } from '../../application/start-run.use-case';
import { IdempotencyKey } from './idempotency-key.decorator';
import { RunDetailsDto, RunDto, toRunDetailsDto, toRunDto } from './run.dto';
import { StartRunDto } from './start-run.dto';

@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(
    private readonly startRun: StartRunUseCase,
    private readonly getRun: GetRunUseCase,
  ) {}

  /** Runs one inference for the caller's organization and bills its usage. */
  @Authenticated()
  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      '1 to 255 printable ASCII characters. A retry with the same key returns the first run, with output null and the header Idempotent-Replayed: true',
  })
  @ApiCreatedResponse({ type: RunDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'Unknown model' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description:
      'Key used for another model or input, or its run still in progress',
  })
  @ApiBadGatewayResponse({
    type: ErrorBodyDto,
    description: 'Inference failed',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorBodyDto,
    description: 'No endpoint configured for the provider',
  })
  async start(
    @CurrentUser() user: AuthenticatedUser,
    @IdempotencyKey() idempotencyKey: string | null,
    @Body() body: StartRunDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RunDto> {
    const result = await this.startRun.execute({
      organizationId: user.organizationId,
      userId: user.userId,
      modelId: body.modelId.toLowerCase(),
      input: body.input,
      idempotencyKey,
    });
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');

    return toRunDto(result.run, result.output);
  }

  /** A run of the caller's organization, without its output. */
  @Authenticated()
  @Get(':runId')
  @ApiOkResponse({ type: RunDetailsDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('runId', new ParseUuidPipe('runId')) runId: string,
  ): Promise<RunDetailsDto> {
    return toRunDetailsDto(
      await this.getRun.execute(runId, user.organizationId),
    );
  }
}
