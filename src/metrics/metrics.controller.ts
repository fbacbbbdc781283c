import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../common/domain/domain-error';
import { ErrorBodyDto } from '../common/http/error-body';
import { APP_SETTINGS, AppSettings } from '../config/app-settings';
import { Public } from '../modules/iam/presenters/http/auth.decorators';
import { isMetricsTokenValid } from './metrics-token';
import { ServiceMetrics } from './service-metrics';

/** GET /metrics at the root, outside the /api prefix, for Prometheus. */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(APP_SETTINGS) private readonly settings: AppSettings,
  ) {}

  /** Serves the metrics publicly, unless METRICS_TOKEN is set: then it requires that bearer token instead of a user's. */
  @Public()
  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The Prometheus text exposition format',
    schema: { type: 'string' },
  })
  @ApiUnauthorizedResponse({
    type: ErrorBodyDto,
    description: 'METRICS_TOKEN is set and the request lacks it',
  })
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = this.settings.metricsToken;
    if (token !== undefined && !isMetricsTokenValid(authorization, token)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError(
        'metrics.invalid_token',
        'unauthenticated',
        'Missing or invalid metrics token; send "Authorization: Bearer <METRICS_TOKEN>"',
      );
    }

    response.setHeader('Content-Type', this.metrics.registry.contentType);

    return this.metrics.registry.metrics();
  }
}
