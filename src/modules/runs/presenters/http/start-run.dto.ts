import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length, Matches } from 'class-validator';

/** Maximum input length in UTF-16 code units, as JavaScript counts a string's length. */
export const MAX_INPUT_LENGTH = 100000;

// class-validator runs a property's decorators from the bottom up and the
// validation pipe stops at the first failure, so the presence check sits last.

export class StartRunDto {
  @ApiProperty({ format: 'uuid', description: 'Id of a catalog model' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
  })
  @IsDefined({ message: 'is required' })
  modelId!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: MAX_INPUT_LENGTH,
    description: 'The prompt; it is sent to the provider and never stored',
  })
  @Length(1, MAX_INPUT_LENGTH, {
    message: `must be a string of 1 to ${MAX_INPUT_LENGTH} characters`,
  })
  @IsString({
    message: `must be a string of 1 to ${MAX_INPUT_LENGTH} characters`,
  })
  @IsDefined({ message: 'is required' })
  input!: string;
}
