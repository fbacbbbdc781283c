import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isUuid } from '../../../../common/http/parse-uuid.pipe';
import {
  GRANULARITY_PARAMETERS,
  GranularityParameter,
} from '../../domain/usage-buckets';
import { DATE_PARAMETER_HINT, isDateParameter } from '../../domain/usage-range';
import {
  isSupportedTimeZoneName,
  TIME_ZONE_HINT,
} from '../../domain/time-zone';

// The form of the models.provider column.
const PROVIDER = /^[a-z0-9][a-z0-9._-]{0,63}$/;

@ValidatorConstraint({ name: 'isDateParameter' })
class IsDateParameterConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isDateParameter(value);
  }

  defaultMessage(): string {
    return DATE_PARAMETER_HINT;
  }
}

@ValidatorConstraint({ name: 'isUuid' })
class IsUuidConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isUuid(value);
  }

  defaultMessage(): string {
    return 'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b';
  }
}

@ValidatorConstraint({ name: 'isTimeZoneName' })
class IsTimeZoneNameConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isSupportedTimeZoneName(value);
  }

  defaultMessage(): string {
    return TIME_ZONE_HINT;
  }
}

/**
 * The query parameters every usage dashboard route accepts. The checks
 * here are about form; UsageQueryResolver checks the rest (real dates,
 * order and length of the range, bucket count, the database's zones).
 */
export class UsageRangeQueryDto {
  @ApiPropertyOptional({
    description:
      'Start of the range, included. A date or a date-time without offset is read in `timezone`. Give both dates or neither; neither means all time.',
    example: '2026-03-01',
  })
  @IsOptional()
  @Validate(IsDateParameterConstraint)
  startDate?: string;

  @ApiPropertyOptional({
    description:
      'End of the range. A date includes that whole day; a date-time is excluded. At most 730 days after startDate.',
    example: '2026-03-31',
  })
  @IsOptional()
  @Validate(IsDateParameterConstraint)
  endDate?: string;

  @ApiPropertyOptional({
    description:
      'IANA time zone (Area/Location, or UTC), in any letter case, whose wall clock the dates and buckets follow.',
    example: 'Europe/Berlin',
    default: 'UTC',
  })
  @IsOptional()
  @Validate(IsTimeZoneNameConstraint)
  timezone?: string;

  @ApiPropertyOptional({
    description:
      'Time-series bucket size. `auto` picks the finest with at most 400 buckets; an explicit one may give at most 1,000.',
    enum: GRANULARITY_PARAMETERS,
    default: 'auto',
  })
  @IsOptional()
  @IsIn(GRANULARITY_PARAMETERS, {
    message: `must be one of ${GRANULARITY_PARAMETERS.join(', ')}`,
  })
  granularity?: GranularityParameter;

  @ApiPropertyOptional({
    description: 'Counts only the usage of this provider.',
    example: 'openai',
  })
  @IsOptional()
  @IsString({ message: 'must be a provider name such as openai' })
  @Matches(PROVIDER, {
    message:
      'must be a provider name of lower-case letters, digits, dots, dashes and underscores, such as openai',
  })
  provider?: string;

  @ApiPropertyOptional({
    description: 'Counts only the usage of this model (its catalog id).',
    format: 'uuid',
  })
  @IsOptional()
  @Validate(IsUuidConstraint)
  modelId?: string;
}
