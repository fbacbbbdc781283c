import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  RequireOrgRole,
} from '../../../iam/presenters/http/auth.decorators';
import { AuthenticatedUser } from '../../../iam/domain/authenticated-user';
import { GetModelDistributionUseCase } from '../../application/get-model-distribution.use-case';
import { GetProviderChartUseCase } from '../../application/get-provider-chart.use-case';
import { GetProviderUsageUseCase } from '../../application/get-provider-usage.use-case';
import { GetUsageStatsUseCase } from '../../application/get-usage-stats.use-case';
import { GetUserUsageUseCase } from '../../application/get-user-usage.use-case';
import { UsageScope } from '../../domain/usage-scope';
import { ModelDistributionQueryDto } from './model-distribution-query.dto';
import { ModelDistributionResponseDto } from './model-distribution.response';
import { ProviderUsageQueryDto } from './provider-usage-query.dto';
import {
  ProviderChartResponseDto,
  ProviderUsageResponseDto,
} from './provider-usage.response';
import { DashboardResponse } from './usage-dashboard.decorators';
import {
  toModelDistributionResponseDto,
  toProviderChartResponseDto,
  toProviderUsageResponseDto,
  toUsageStatsDto,
} from './usage-dashboard.mappers';
import { sendUserUsageCsv } from './usage-export-users.csv';
import { UsageRangeQueryDto } from './usage-range-query.dto';
import { UsageStatsDto } from './usage-stats.response';
import { UserUsageQueryDto } from './user-usage-query.dto';
import {
  toUserUsagePageDto,
  toUserUsageParameters,
} from './user-usage.mappers';
import { UserUsagePageDto } from './user-usage.response';

function scopeOf(user: AuthenticatedUser): UsageScope {
  return { kind: 'organization', organizationId: user.organizationId };
}

/** The dashboards of an org admin, over the caller's own organization. */
@ApiTags('usage')
@Controller('usage')
@RequireOrgRole('admin')
export class UsageController {
  constructor(
    private readonly stats: GetUsageStatsUseCase,
    private readonly providers: GetProviderUsageUseCase,
    private readonly providerChart: GetProviderChartUseCase,
    private readonly models: GetModelDistributionUseCase,
    private readonly users: GetUserUsageUseCase,
  ) {}

  @Get('stats')
  @ApiOperation({ summary: 'Usage totals of the caller organization' })
  @DashboardResponse(UsageStatsDto, 'Totals, users, top models and costs')
  async getStats(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: UsageRangeQueryDto,
  ): Promise<UsageStatsDto> {
    return toUsageStatsDto(await this.stats.execute(scopeOf(user), query));
  }

  @Get('providers')
  @ApiOperation({ summary: 'Usage per provider of the caller organization' })
  @DashboardResponse(ProviderUsageResponseDto, 'Providers by tokens')
  async getProviders(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ProviderUsageQueryDto,
  ): Promise<ProviderUsageResponseDto> {
    return toProviderUsageResponseDto(
      await this.providers.execute(scopeOf(user), query),
    );
  }

  @Get('providers/chart')
  @ApiOperation({ summary: 'Tokens per provider and time bucket' })
  @DashboardResponse(ProviderChartResponseDto, 'Every bucket of the range')
  async getProviderChart(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: UsageRangeQueryDto,
  ): Promise<ProviderChartResponseDto> {
    return toProviderChartResponseDto(
      await this.providerChart.execute(scopeOf(user), query),
    );
  }

  @Get('models')
  @ApiOperation({ summary: 'Usage per model of the caller organization' })
  @DashboardResponse(ModelDistributionResponseDto, 'Models by tokens')
  async getModels(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ModelDistributionQueryDto,
  ): Promise<ModelDistributionResponseDto> {
    return toModelDistributionResponseDto(
      await this.models.execute(scopeOf(user), query),
    );
  }

  @Get('users')
  @ApiOperation({ summary: 'Members of the caller organization with usage' })
  @DashboardResponse(UserUsagePageDto, 'Every member, zero usage included')
  async getUsers(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: UserUsageQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserUsagePageDto | string> {
    const list = await this.users.execute(
      user.organizationId,
      toUserUsageParameters(query),
    );

    if (query.format === 'csv') {
      return sendUserUsageCsv(response, list, scopeOf(user));
    }
    return toUserUsagePageDto(list, query);
  }
}
