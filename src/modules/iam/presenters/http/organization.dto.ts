import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import {
  NoControlCharacters,
  NoLoneSurrogates,
} from '../../../../common/http/no-control-characters.validator';
import { Trim } from './trim.transform';

// class-validator runs a property's decorators from the bottom up and the
// validation pipe stops at the first failure, so the basic checks sit last.

export class CreateOrganizationRequestDto {
  @ApiProperty({
    example: 'Acme Research',
    maxLength: 200,
    description: 'Unique regardless of case. Surrounding spaces are trimmed.',
  })
  @Trim()
  @NoLoneSurrogates()
  @NoControlCharacters()
  @MaxLength(200, { message: 'must be at most 200 characters long' })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  name!: string;
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Acme Research' })
  name!: string;

  @ApiProperty({
    description: 'Number of users in the organization, whatever their role',
    example: 3,
  })
  memberCount!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
