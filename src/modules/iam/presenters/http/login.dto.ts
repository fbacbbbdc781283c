import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { NoControlCharacters } from '../../../../common/http/no-control-characters.validator';

// class-validator runs a property's decorators from the bottom up and the
// validation pipe stops at the first failure, so the basic checks sit last.

// Login checks only shape and size, so a malformed email fails like an
// unknown one (401) and reveals nothing about the email rules.
export class LoginRequestDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @NoControlCharacters()
  @MaxLength(254, { message: 'must be at most 254 characters long' })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', maxLength: 1024 })
  @MaxLength(1024, { message: 'must be at most 1024 characters long' })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  password!: string;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'HS256 JWT to send as "Bearer <accessToken>"' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Token lifetime in seconds', example: 3600 })
  expiresIn!: number;
}
