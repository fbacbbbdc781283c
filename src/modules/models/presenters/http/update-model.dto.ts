import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';
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

const isPresent = (_dto: object, value: unknown) => value !== undefined;

/** A partial change: absent fields keep their value, and null clears a price. */
export class UpdateModelDto {
  @ApiProperty({ required: false, example: 'gpt-4o-mini' })
  @ValidateIf(isPresent)
  @NoLoneSurrogates()
  @NoControlCharacters()
  @IsTrimmedText(200)
  name?: string;

  @ApiProperty({ required: false, example: 'GPT-4o mini' })
  @ValidateIf(isPresent)
  @NoLoneSurrogates()
  @NoControlCharacters()
  @IsTrimmedText(200)
  displayName?: string;

  @ApiProperty({ required: false, example: 'openai' })
  @ValidateIf(isPresent)
  @IsProviderSlug()
  provider?: string;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '0.15',
    description:
      'Price per million input tokens as a decimal string; null clears it, and the result must have both prices or neither',
  })
  @IsOptional()
  @IsPriceText()
  inputPricePerMillion?: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    example: '0.6',
  })
  @IsOptional()
  @IsPriceText()
  outputPricePerMillion?: string | null;

  @ApiProperty({ required: false, example: 'USD' })
  @ValidateIf(isPresent)
  @IsCurrencyCode()
  currency?: string;
}
