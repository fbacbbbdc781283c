import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  USAGE_EXPORT_FORMATS,
  UsageExportFormat,
} from './usage-export.formats';
import { UsageRangeQueryDto } from './usage-range-query.dto';

/** Query parameters of an export: the dashboard range and filters, and a format. */
export class UsageExportQueryDto extends OmitType(UsageRangeQueryDto, [
  'granularity',
] as const) {
  @ApiPropertyOptional({
    description:
      'File format: `csv` (RFC 4180, header row, CRLF) or `ndjson` (one JSON object per line).',
    enum: USAGE_EXPORT_FORMATS,
    default: 'csv',
  })
  @IsIn(USAGE_EXPORT_FORMATS, {
    message: `must be one of ${USAGE_EXPORT_FORMATS.join(', ')}`,
  })
  format: UsageExportFormat = 'csv';
}
