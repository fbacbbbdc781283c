import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiProduces,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../../common/http/error-body';
import { USAGE_EXPORT_COLUMNS } from './usage-export.formats';

/** Documents an export route: a CSV or NDJSON attachment, or a 400. */
export const ExportResponse = () =>
  applyDecorators(
    ApiProduces('text/csv', 'application/x-ndjson'),
    ApiOkResponse({
      description: `An attachment named usage-<scope>-<start>-<end>.<format>. Columns: ${USAGE_EXPORT_COLUMNS.join(', ')}. Times are ISO 8601 UTC; cost is a decimal string, empty in CSV and null in NDJSON for unpriced usage. Text cells starting with =, +, -, @, tab or CR get a leading ' in CSV.`,
      schema: { type: 'string' },
    }),
    ApiBadRequestResponse({
      type: ErrorBodyDto,
      description: 'A query parameter is invalid; details name it',
    }),
  );
