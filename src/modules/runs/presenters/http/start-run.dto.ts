import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

// NOTE: the JSON body limit is 100 kB, so an input of 100000 characters
// passes only when most of them take one byte in UTF-8; a larger body is a 413.
export const MAX_INPUT_LENGTH = 100000;

export class StartRunDto {
  @ApiProperty({ format: 'uuid', description: 'Id of a catalog model' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
  })
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
  input!: string;
}
