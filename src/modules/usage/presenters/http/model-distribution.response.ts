import { ApiProperty } from '@nestjs/swagger';
import { COSTS_DESCRIPTION, UsageCostDto } from './usage-cost.response';

const PERCENTAGE_DESCRIPTION =
  'Share of all tokens, with 2 decimals; the models and others add up to 100 (0 without tokens).';

export class ModelUsageDto {
  @ApiProperty({ format: 'uuid' })
  modelId!: string;

  @ApiProperty({ description: 'Current catalog name.', example: 'gpt-4o' })
  modelName!: string;

  @ApiProperty({
    description: 'Current catalog display name.',
    example: 'GPT-4o',
  })
  displayName!: string;

  @ApiProperty({ description: 'Current catalog provider.', example: 'openai' })
  provider!: string;

  @ApiProperty({ example: 1500 })
  tokens!: number;

  @ApiProperty({ example: 3 })
  requests!: number;

  @ApiProperty({ description: PERCENTAGE_DESCRIPTION, example: 33.33 })
  percentage!: number;

  @ApiProperty({ type: [UsageCostDto], description: COSTS_DESCRIPTION })
  costs!: UsageCostDto[];
}

export class OtherModelsDto {
  @ApiProperty({ description: 'Models past maxModels.', example: 4 })
  modelCount!: number;

  @ApiProperty({ example: 300 })
  tokens!: number;

  @ApiProperty({ example: 2 })
  requests!: number;

  @ApiProperty({ description: PERCENTAGE_DESCRIPTION, example: 6.67 })
  percentage!: number;
}

export class ModelDistributionResponseDto {
  @ApiProperty({
    type: [ModelUsageDto],
    description:
      'Up to maxModels models by tokens descending, then display name (byte order), then model id.',
  })
  models!: ModelUsageDto[];

  @ApiProperty({
    type: OtherModelsDto,
    nullable: true,
    description:
      'The models past maxModels summed, or null when there are none.',
  })
  others!: OtherModelsDto | null;
}
