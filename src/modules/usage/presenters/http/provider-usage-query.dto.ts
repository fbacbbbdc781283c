import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { UsageRangeQueryDto } from './usage-range-query.dto';

// Only the exact strings become booleans, so "1", "yes", "" or a repeated
// key reach the validator unchanged and fail there.
const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false };

/** Query parameters of the provider breakdown. */
export class ProviderUsageQueryDto extends UsageRangeQueryDto {
  @ApiPropertyOptional({
    description: 'Whether each provider carries its time series.',
    type: Boolean,
    default: true,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && Object.hasOwn(BOOLEAN_TEXT, value)
      ? BOOLEAN_TEXT[value]
      : value,
  )
  @IsBoolean({ message: 'must be true or false' })
  includeTimeSeries?: boolean;
}
