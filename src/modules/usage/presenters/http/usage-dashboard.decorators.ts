import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../../common/http/error-body';

/**
 * Documents a dashboard route: its body, the 400 of a bad parameter and
 * the 422 of a sum above the integers JSON clients read exactly.
 */
export const DashboardResponse = (type: Type<unknown>, summary: string) =>
  applyDecorators(
    ApiOkResponse({ type, description: summary }),
    ApiBadRequestResponse({
      type: ErrorBodyDto,
      description: 'A query parameter is invalid; details name it',
    }),
    ApiUnprocessableEntityResponse({
      type: ErrorBodyDto,
      description:
        'A token or request sum is above 9007199254740991; choose a shorter range or a filter',
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
