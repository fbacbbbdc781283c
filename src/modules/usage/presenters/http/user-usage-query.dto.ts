import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  NotContains,
  ValidateIf,
} from 'class-validator';
import {
  SORT_ORDERS,
  SortOrder,
  USER_USAGE_SORT_FIELDS,
  UserUsageSortField,
} from '../../domain/user-usage';
import { USER_USAGE_FORMATS, UserUsageFormat } from './usage-export-users.csv';
import { UsageRangeQueryDto } from './usage-range-query.dto';

export const MAX_USER_PAGE_SIZE = 1000;
export const MAX_SEARCH_LENGTH = 200;

const DIGITS = /^\d+$/;

// Query values arrive as strings. Only plain digits become numbers, so
// "1.5", "" or a repeated key (an array) reach the validators unchanged and
// fail there with the field's message.
const ToInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && DIGITS.test(value) ? Number(value) : value,
  );

/**
 * Query parameters of the user listings: the dashboard range and filters
 * without granularity, then paging, search and sort.
 */
export class UserUsageQueryDto extends OmitType(UsageRangeQueryDto, [
  'granularity',
] as const) {
  @ApiPropertyOptional({
    description: 'Maximum number of users returned.',
    minimum: 1,
    maximum: MAX_USER_PAGE_SIZE,
    default: 50,
  })
  @ToInteger()
  @Max(MAX_USER_PAGE_SIZE, {
    message: `must be an integer from 1 to ${MAX_USER_PAGE_SIZE}`,
  })
  @Min(1, { message: `must be an integer from 1 to ${MAX_USER_PAGE_SIZE}` })
  @IsInt({ message: `must be an integer from 1 to ${MAX_USER_PAGE_SIZE}` })
  limit: number = 50;

  @ApiPropertyOptional({
    description: 'Number of users skipped before the first one returned.',
    minimum: 0,
    default: 0,
  })
  @ToInteger()
  // With stopAtFirstError, class-validator runs the decorators of a
  // property from the bottom up, so the type check comes last.
  @Max(Number.MAX_SAFE_INTEGER, {
    message: `must be an integer of at most ${Number.MAX_SAFE_INTEGER}`,
  })
  @Min(0, { message: 'must be an integer of 0 or more' })
  @IsInt({ message: 'must be an integer of 0 or more' })
  offset: number = 0;

  @ApiPropertyOptional({
    description:
      'Keeps users whose name or email contains this text, ignoring case. `%`, `_` and `\\` match themselves.',
    maxLength: MAX_SEARCH_LENGTH,
    example: 'alice',
  })
  @IsOptional()
  // PostgreSQL text cannot contain the NUL character.
  @NotContains('\u0000', { message: 'must not contain NUL characters' })
  @MaxLength(MAX_SEARCH_LENGTH, {
    message: `must be at most ${MAX_SEARCH_LENGTH} characters`,
  })
  @IsString({ message: 'must be a single text value' })
  search?: string;

  @ApiPropertyOptional({
    description:
      'Sort key. Ties break on the user id, and users without any request sort last by lastActivity in both orders.',
    enum: USER_USAGE_SORT_FIELDS,
    default: 'tokens',
  })
  @IsIn(USER_USAGE_SORT_FIELDS, {
    message: `must be one of ${USER_USAGE_SORT_FIELDS.join(', ')}`,
  })
  sortBy: UserUsageSortField = 'tokens';

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'desc' })
  @IsIn(SORT_ORDERS, { message: `must be one of ${SORT_ORDERS.join(', ')}` })
  sortOrder: SortOrder = 'desc';

  @ApiPropertyOptional({
    description:
      'ISO 4217 code of the currency whose cost sortBy=cost compares; required with it. Users without cost in it sort as 0.',
    example: 'USD',
  })
  @ValidateIf(
    (query: UserUsageQueryDto) =>
      query.sortBy === 'cost' || query.currency !== undefined,
  )
  @IsDefined({
    message: 'is required when sortBy is cost, as a currency code such as USD',
  })
  @Matches(/^[A-Z]{3}$/, {
    message: 'must be a 3-letter upper-case currency code such as USD',
  })
  currency?: string;

  @ApiPropertyOptional({
    description:
      'Response format: `json`, or `csv` for the same page as a CSV download with one cost_<currency> column per currency in the page.',
    enum: USER_USAGE_FORMATS,
    default: 'json',
  })
  @IsIn(USER_USAGE_FORMATS, {
    message: `must be one of ${USER_USAGE_FORMATS.join(', ')}`,
  })
  format: UserUsageFormat = 'json';
}
