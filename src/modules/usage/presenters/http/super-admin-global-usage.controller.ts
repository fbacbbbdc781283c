import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireSystemRole } from '../../../iam/presenters/http/auth.decorators';
import { GetGlobalModelDistributionUseCase } from '../../application/get-model-distribution.use-case';
import { GetGlobalProviderChartUseCase } from '../../application/get-provider-chart.use-case';
import { GetGlobalProviderUsageUseCase } from '../../application/get-provider-usage.use-case';
import { GetGlobalUsageStatsUseCase } from '../../application/get-usage-stats.use-case';
import { GetGlobalUserUsageUseCase } from '../../application/get-global-user-usage.use-case';
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
  toGlobalUserUsagePageDto,
  toUserUsageParameters,
} from './user-usage.mappers';
import { GlobalUserUsagePageDto } from './user-usage.response';

/** The dashboards of all organizations together, for super admins. */
@ApiTags('super-admin usage')
@Controller('super-admin/global-usage')
@RequireSystemRole('super_admin')
export class SuperAdminGlobalUsageController {
  constructor(
    private readonly stats: GetGlobalUsageStatsUseCase,
    private readonly providers: GetGlobalProviderUsageUseCase,
    private readonly providerChart: GetGlobalProviderChartUseCase,
    private readonly models: GetGlobalModelDistributionUseCase,
    private readonly users: GetGlobalUserUsageUseCase,
  ) {}

  @Get('stats')
  @ApiOperation({ summary: 'Usage totals of all organizations' })
  @DashboardResponse(UsageStatsDto, 'Totals, users, top models and costs')
  async getStats(@Query() query: UsageRangeQueryDto): Promise<UsageStatsDto> {
    return toUsageStatsDto(await this.stats.execute(query));
  }

  @Get('providers')
  @ApiOperation({ summary: 'Usage per provider of all organizations' })
  @DashboardResponse(ProviderUsageResponseDto, 'Providers by tokens')
  async getProviders(
    @Query() query: ProviderUsageQueryDto,
  ): Promise<ProviderUsageResponseDto> {
    return toProviderUsageResponseDto(await this.providers.execute(query));
  }

  @Get('providers/chart')
  @ApiOperation({ summary: 'Tokens per provider and time bucket' })
  @DashboardResponse(ProviderChartResponseDto, 'Every bucket of the range')
  async getProviderChart(
    @Query() query: UsageRangeQueryDto,
  ): Promise<ProviderChartResponseDto> {
    return toProviderChartResponseDto(await this.providerChart.execute(query));
  }

  @Get('models')
  @ApiOperation({ summary: 'Usage per model of all organizations' })
  @DashboardResponse(ModelDistributionResponseDto, 'Models by tokens')
  async getModels(
    @Query() query: ModelDistributionQueryDto,
  ): Promise<ModelDistributionResponseDto> {
    return toModelDistributionResponseDto(await this.models.execute(query));
  }

  @Get('users')
  @ApiOperation({ summary: 'Users of all organizations with usage' })
  @DashboardResponse(GlobalUserUsagePageDto, 'Every user, zero usage included')
  async getUsers(
    @Query() query: UserUsageQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GlobalUserUsagePageDto | string> {
    const list = await this.users.execute(toUserUsageParameters(query));

    if (query.format === 'csv') {
      return sendUserUsageCsv(response, list, { kind: 'global' });
    }
    return toGlobalUserUsagePageDto(list, query);
  }
}
