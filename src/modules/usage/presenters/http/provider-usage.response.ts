import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COSTS_DESCRIPTION, UsageCostDto } from './usage-cost.response';

const BUCKET_DATE_DESCRIPTION =
  'Start of the bucket on the wall clock of the requested zone, as YYYY-MM-DDTHH:mm:ss±HH:MM.';

export class ProviderSeriesPointDto {
  @ApiProperty({
    description: BUCKET_DATE_DESCRIPTION,
    example: '2026-03-01T00:00:00+01:00',
  })
  date!: string;

  @ApiProperty({ example: 1500 })
  tokens!: number;

  @ApiProperty({ example: 3 })
  requests!: number;
}

export class ProviderUsageDto {
  @ApiProperty({ example: 'openai' })
  provider!: string;

  @ApiProperty({ example: 1500 })
  tokens!: number;

  @ApiProperty({ example: 3 })
  requests!: number;

  @ApiProperty({
    description:
      'Share of the tokens of all providers, with 2 decimals; the providers add up to 100 (0 without tokens).',
    example: 33.33,
  })
  percentage!: number;

  @ApiProperty({ type: [UsageCostDto], description: COSTS_DESCRIPTION })
  costs!: UsageCostDto[];

  @ApiPropertyOptional({
    type: [ProviderSeriesPointDto],
    description:
      'Every bucket of the range, zeros included; absent when includeTimeSeries is false.',
  })
  timeSeries?: ProviderSeriesPointDto[];
}

export class ProviderUsageResponseDto {
  @ApiProperty({
    type: [ProviderUsageDto],
    description: 'Sorted by tokens descending, then provider name.',
  })
  providers!: ProviderUsageDto[];
}

export class ProviderChartPointDto {
  @ApiProperty({
    description: BUCKET_DATE_DESCRIPTION,
    example: '2026-03-01T00:00:00+01:00',
  })
  date!: string;

  @ApiProperty({
    description:
      'Tokens per provider name; every provider with usage in the range appears in every bucket, 0 where it has none.',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { anthropic: 0, openai: 1500 },
  })
  values!: Record<string, number>;
}

export class ProviderChartResponseDto {
  @ApiProperty({
    type: [ProviderChartPointDto],
    description:
      'Every bucket of the range in order; empty when no dates are given and there is no usage.',
  })
  timeSeries!: ProviderChartPointDto[];
}
