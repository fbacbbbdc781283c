import { ApiProperty } from '@nestjs/swagger';

export class UserUsageCostDto {
  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({
    description: 'Decimal string without trailing zeros.',
    example: '0.0125',
  })
  amount!: string;
}

export class UserUsageDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ example: 'Alice Martin' })
  userName!: string;

  @ApiProperty({ example: 'alice@example.com' })
  userEmail!: string;

  @ApiProperty({
    description: 'Input plus output tokens in the range and filters.',
    example: 1500,
  })
  tokens!: number;

  @ApiProperty({ description: 'Requests in the range and filters.' })
  requests!: number;

  @ApiProperty({
    type: [UserUsageCostDto],
    description:
      'Cost per currency in the range and filters, ordered by currency. Empty without priced usage.',
  })
  costs!: UserUsageCostDto[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Time of the latest request ever, whatever the range and filters; null without any.',
  })
  lastActivity!: string | null;

  @ApiProperty({
    description:
      'Whether the account is not deactivated and made a request in the last 30 days.',
  })
  isActive!: boolean;
}

export class GlobalUserUsageDto extends UserUsageDto {
  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ example: 'Acme' })
  organizationName!: string;
}

export class UserUsagePaginationDto {
  @ApiProperty({ example: 50 })
  limit!: number;

  @ApiProperty({ example: 0 })
  offset!: number;

  @ApiProperty({ description: 'Number of users matching the search.' })
  total!: number;
}

export class UserUsagePageDto {
  @ApiProperty({ type: [UserUsageDto] })
  data!: UserUsageDto[];

  @ApiProperty({ type: UserUsagePaginationDto })
  pagination!: UserUsagePaginationDto;
}

export class GlobalUserUsagePageDto {
  @ApiProperty({ type: [GlobalUserUsageDto] })
  data!: GlobalUserUsageDto[];

  @ApiProperty({ type: UserUsagePaginationDto })
  pagination!: UserUsagePaginationDto;
}
