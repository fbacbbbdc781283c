import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import {
  IsCurrencyCode,
  IsPriceText,
  IsProviderSlug,
  IsTrimmedText,
} from './model-fields.validators';
import {
  NoControlCharacters,
  NoLoneSurrogates,
} from '../../../../common/http/no-control-characters.validator';

export class CreateModelDto {
  @ApiProperty({
    example: 'gpt-4o-mini',
    description: 'Name sent to the provider API; unique in the catalog',
  })
  @NoLoneSurrogates()
  @NoControlCharacters()
  @IsTrimmedText(200)
  name!: string;

  @ApiProperty({ example: 'GPT-4o mini' })
  @NoLoneSurrogates()
  @NoControlCharacters()
  @IsTrimmedText(200)
  displayName!: string;

  @ApiProperty({ example: 'openai', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' })
  @IsProviderSlug()
  provider!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '0.15',
    description:
      'Price per million input tokens as a decimal string; set together with outputPricePerMillion, or omit both for an unpriced model',
  })
  @IsOptional()
  @IsPriceText()
  inputPricePerMillion?: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '0.6',
    description: 'Price per million output tokens as a decimal string',
  })
  @IsOptional()
  @IsPriceText()
  outputPricePerMillion?: string | null;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 code of the prices' })
  @IsCurrencyCode()
  currency!: string;
}
