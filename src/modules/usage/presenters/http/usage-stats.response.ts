import { ApiProperty } from '@nestjs/swagger';
import { COSTS_DESCRIPTION, UsageCostDto } from './usage-cost.response';

export class UsageStatsDto {
  @ApiProperty({ description: 'Input plus output tokens.', example: 1500 })
  totalTokens!: number;

  @ApiProperty({ example: 1000 })
  inputTokens!: number;

  @ApiProperty({ example: 500 })
  outputTokens!: number;

  @ApiProperty({ description: 'Usage records (requests).', example: 12 })
  totalRequests!: number;

  @ApiProperty({
    description: 'Distinct users with at least one request in the range.',
    example: 3,
  })
  activeUsers!: number;

  @ApiProperty({
    description:
      'Users of the organization whatever their role, or every user for the global stats.',
    example: 5,
  })
  totalUsers!: number;

  @ApiProperty({
    type: [String],
    description:
      'Display names of up to 5 models by tokens descending, then display name, then model id.',
    example: ['GPT-4o', 'Claude Sonnet'],
  })
  topModels!: string[];

  @ApiProperty({ type: [UsageCostDto], description: COSTS_DESCRIPTION })
  costs!: UsageCostDto[];

  @ApiProperty({
    description: 'Requests of models without a price, so without a cost.',
    example: 0,
  })
  unpricedRequests!: number;
}
