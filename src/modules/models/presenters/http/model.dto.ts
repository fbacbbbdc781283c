import { ApiProperty } from '@nestjs/swagger';
import { formatAmount } from '../../../../common/domain/money';
import { Model } from '../../domain/model';

export class ModelDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'gpt-4o-mini' })
  name!: string;

  @ApiProperty({ example: 'GPT-4o mini' })
  displayName!: string;

  @ApiProperty({ example: 'openai' })
  provider!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '0.15',
    description: 'Price per million input tokens; null when unpriced',
  })
  inputPricePerMillion!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '0.6' })
  outputPricePerMillion!: string | null;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class ModelListDto {
  @ApiProperty({ type: [ModelDto] })
  models!: ModelDto[];
}

export function toModelDto(model: Model): ModelDto {
  return {
    id: model.id,
    name: model.name,
    displayName: model.displayName,
    provider: model.provider,
    inputPricePerMillion:
      model.prices === null
        ? null
        : formatAmount(model.prices.inputPricePerMillion),
    outputPricePerMillion:
      model.prices === null
        ? null
        : formatAmount(model.prices.outputPricePerMillion),
    currency: model.currency,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
  };
}

export function toModelListDto(models: Model[]): ModelListDto {
  return { models: models.map(toModelDto) };
}
