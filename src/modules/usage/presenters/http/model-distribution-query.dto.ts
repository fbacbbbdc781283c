import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_MAX_MODELS } from '../../application/get-model-distribution.use-case';
import { UsageRangeQueryDto } from './usage-range-query.dto';

export const MAX_MODELS_LIMIT = 100;

const MAX_MODELS_MESSAGE = `must be an integer from 1 to ${MAX_MODELS_LIMIT}`;

/** Query parameters of the model distribution. */
export class ModelDistributionQueryDto extends UsageRangeQueryDto {
  @ApiPropertyOptional({
    description: 'How many models are listed; the rest are summed in `others`.',
    minimum: 1,
    maximum: MAX_MODELS_LIMIT,
    default: DEFAULT_MAX_MODELS,
  })
  @IsOptional()
  // Only plain digits become numbers, so "1.5", "" or a repeated key reach
  // the validators unchanged and fail there.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,9}$/.test(value)
      ? Number(value)
      : value,
  )
  // With stopAtFirstError, class-validator runs a property's decorators
  // from the bottom up, so the type check, written last, runs first.
  @Max(MAX_MODELS_LIMIT, { message: MAX_MODELS_MESSAGE })
  @Min(1, { message: MAX_MODELS_MESSAGE })
  @IsInt({ message: MAX_MODELS_MESSAGE })
  maxModels?: number;
}
