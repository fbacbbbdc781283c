import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../../common/http/error-body';

/** Documents a dashboard route: its body and the 400 of a bad parameter. */
export const DashboardResponse = (type: Type<unknown>, summary: string) =>
  applyDecorators(
    ApiOkResponse({ type, description: summary }),
    ApiBadRequestResponse({
      type: ErrorBodyDto,
      description: 'A query parameter is invalid; details name it',
    }),
  );

/** Documents the `:orgId` path parameter of the super-admin routes. */
export const OrganizationPathParam = () =>
  applyDecorators(
    ApiParam({ name: 'orgId', format: 'uuid' }),
    ApiNotFoundResponse({
      type: ErrorBodyDto,
      description: 'No organization has this id',
    }),
  );
