import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseUuidPipe } from '../../../../common/http/parse-uuid.pipe';
import { RequireSystemRole } from '../../../iam/presenters/http/auth.decorators';
import { GetProviderChartUseCase } from '../../application/get-provider-chart.use-case';
import { GetProviderUsageUseCase } from '../../application/get-provider-usage.use-case';
import { GetUserUsageUseCase } from '../../application/get-user-usage.use-case';
import { ProviderUsageQueryDto } from './provider-usage-query.dto';
import {
  ProviderChartResponseDto,
  ProviderUsageResponseDto,
} from './provider-usage.response';
import {
  DashboardResponse,
  OrganizationPathParam,
} from './usage-dashboard.decorators';
import {
  toProviderChartResponseDto,
  toProviderUsageResponseDto,
} from './usage-dashboard.mappers';
import { sendUserUsageCsv } from './usage-export-users.csv';
import { UsageRangeQueryDto } from './usage-range-query.dto';
import { UserUsageQueryDto } from './user-usage-query.dto';
import {
  toUserUsagePageDto,
  toUserUsageParameters,
} from './user-usage.mappers';
import { UserUsagePageDto } from './user-usage.response';

/** Providers and users of any one organization, for super admins. */
@ApiTags('super-admin usage')
@Controller('super-admin/usage/:orgId')
@RequireSystemRole('super_admin')
@OrganizationPathParam()
export class SuperAdminUsageDataController {
  constructor(
    private readonly providers: GetProviderUsageUseCase,
    private readonly providerChart: GetProviderChartUseCase,
    private readonly users: GetUserUsageUseCase,
  ) {}

  @Get('providers')
  @ApiOperation({ summary: 'Usage per provider of one organization' })
  @DashboardResponse(ProviderUsageResponseDto, 'Providers by tokens')
  async getProviders(
    @Param('orgId', new ParseUuidPipe('orgId')) organizationId: string,
    @Query() query: ProviderUsageQueryDto,
  ): Promise<ProviderUsageResponseDto> {
    return toProviderUsageResponseDto(
      await this.providers.execute(
        { kind: 'organization', organizationId },
        query,
      ),
    );
  }

  @Get('providers/chart')
  @ApiOperation({ summary: 'Tokens per provider and time bucket' })
  @DashboardResponse(ProviderChartResponseDto, 'Every bucket of the range')
  async getProviderChart(
    @Param('orgId', new ParseUuidPipe('orgId')) organizationId: string,
    @Query() query: UsageRangeQueryDto,
  ): Promise<ProviderChartResponseDto> {
    return toProviderChartResponseDto(
      await this.providerChart.execute(
        { kind: 'organization', organizationId },
        query,
      ),
    );
  }

  @Get('users')
  @ApiOperation({ summary: 'Members of one organization with usage' })
  @DashboardResponse(UserUsagePageDto, 'Every member, zero usage included')
  async getUsers(
    @Param('orgId', new ParseUuidPipe('orgId')) organizationId: string,
    @Query() query: UserUsageQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserUsagePageDto | string> {
    const list = await this.users.execute(
      organizationId,
      toUserUsageParameters(query),
    );

    if (query.format === 'csv') {
      return sendUserUsageCsv(response, list, {
        kind: 'organization',
        organizationId,
      });
    }
    return toUserUsagePageDto(list, query);
  }
}
