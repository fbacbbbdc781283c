import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseUuidPipe } from '../../../../common/http/parse-uuid.pipe';
import { RequireSystemRole } from '../../../iam/presenters/http/auth.decorators';
import { GetModelDistributionUseCase } from '../../application/get-model-distribution.use-case';
import { GetUsageStatsUseCase } from '../../application/get-usage-stats.use-case';
import { ModelDistributionQueryDto } from './model-distribution-query.dto';
import { ModelDistributionResponseDto } from './model-distribution.response';
import {
  DashboardResponse,
  OrganizationPathParam,
} from './usage-dashboard.decorators';
import {
  toModelDistributionResponseDto,
  toUsageStatsDto,
} from './usage-dashboard.mappers';
import { UsageRangeQueryDto } from './usage-range-query.dto';
import { UsageStatsDto } from './usage-stats.response';

/** The totals and models of any one organization, for super admins. */
@ApiTags('super-admin usage')
@Controller('super-admin/usage/:orgId')
@RequireSystemRole('super_admin')
@OrganizationPathParam()
export class SuperAdminUsageController {
  constructor(
    private readonly stats: GetUsageStatsUseCase,
    private readonly models: GetModelDistributionUseCase,
  ) {}

  @Get('stats')
  @ApiOperation({ summary: 'Usage totals of one organization' })
  @DashboardResponse(UsageStatsDto, 'Totals, users, top models and costs')
  async getStats(
    @Param('orgId', new ParseUuidPipe('orgId')) organizationId: string,
    @Query() query: UsageRangeQueryDto,
  ): Promise<UsageStatsDto> {
    return toUsageStatsDto(
      await this.stats.execute({ kind: 'organization', organizationId }, query),
    );
  }

  @Get('models')
  @ApiOperation({ summary: 'Usage per model of one organization' })
  @DashboardResponse(ModelDistributionResponseDto, 'Models by tokens')
  async getModels(
    @Param('orgId', new ParseUuidPipe('orgId')) organizationId: string,
    @Query() query: ModelDistributionQueryDto,
  ): Promise<ModelDistributionResponseDto> {
    return toModelDistributionResponseDto(
      await this.models.execute(
        { kind: 'organization', organizationId },
        query,
      ),
    );
  }
}
