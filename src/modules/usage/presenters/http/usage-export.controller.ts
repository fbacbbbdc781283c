import {
  Controller,
  Get,
  Inject,
  Param,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ParseUuidPipe } from '../../../../common/http/parse-uuid.pipe';
import { APP_SETTINGS, AppSettings } from '../../../../config/app-settings';
import { AuthenticatedUser } from '../../../iam/domain/authenticated-user';
import {
  CurrentUser,
  RequireOrgRole,
  RequireSystemRole,
} from '../../../iam/presenters/http/auth.decorators';
import { ExportUsageUseCase } from '../../application/export-usage.use-case';
import { UsageScope } from '../../domain/usage-scope';
import { OrganizationPathParam } from './usage-dashboard.decorators';
import { ExportResponse } from './usage-export.decorators';
import { UsageExportQueryDto } from './usage-export-query.dto';
import { sendUsageExport } from './usage-export.response';

/**
 * Downloads of raw usage records: every record of the range, ordered by
 * created_at then id, streamed as CSV or NDJSON without paging.
 */
@Controller()
export class UsageExportController {
  constructor(
    private readonly exportUsage: ExportUsageUseCase,
    @Inject(APP_SETTINGS)
    private readonly settings: Pick<AppSettings, 'exportStallTimeoutMs'>,
  ) {}

  @Get('usage/export')
  @ApiTags('usage')
  @RequireOrgRole('admin')
  @ApiOperation({ summary: 'Usage records of the caller organization' })
  @ExportResponse()
  async exportOwn(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: UsageExportQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const scope: UsageScope = {
      kind: 'organization',
      organizationId: user.organizationId,
    };
    await this.send(scope, query, request, response);
  }

  @Get('super-admin/usage/:orgId/export')
  @ApiTags('super-admin usage')
  @RequireSystemRole('super_admin')
  @OrganizationPathParam()
  @ApiOperation({ summary: 'Usage records of one organization' })
  @ExportResponse()
  async exportOrganization(
    @Param('orgId', new ParseUuidPipe('orgId')) organizationId: string,
    @Query() query: UsageExportQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const scope: UsageScope = { kind: 'organization', organizationId };
    await this.send(scope, query, request, response);
  }

  @Get('super-admin/global-usage/export')
  @ApiTags('super-admin usage')
  @RequireSystemRole('super_admin')
  @ApiOperation({ summary: 'Usage records of all organizations' })
  @ExportResponse()
  async exportGlobal(
    @Query() query: UsageExportQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.send({ kind: 'global' }, query, request, response);
  }

  private async send(
    scope: UsageScope,
    query: UsageExportQueryDto,
    request: Request,
    response: Response,
  ): Promise<void> {
    const { format, ...parameters } = query;
    const usageExport = await this.exportUsage.execute(scope, parameters);

    await sendUsageExport(
      request,
      response,
      usageExport,
      format,
      this.settings.exportStallTimeoutMs,
    );
  }
}
