import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  NoControlCharacters,
  NoLoneSurrogates,
} from '../../../../common/http/no-control-characters.validator';
import { ORG_ROLES, OrgRole, SystemRole } from '../../domain/user';
import { Trim } from './trim.transform';

// class-validator runs a property's decorators from the bottom up and the
// validation pipe stops at the first failure, so the basic checks sit last.

const SYSTEM_ROLES: readonly SystemRole[] = ['super_admin'];

export class CreateUserRequestDto {
  @ApiProperty({
    example: 'ada@example.com',
    maxLength: 254,
    description: 'Unique, stored in lower case',
  })
  @Trim()
  @IsEmail({}, { message: 'must be an email address such as ada@example.com' })
  @MaxLength(254, { message: 'must be at most 254 characters long' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200 })
  @Trim()
  @NoLoneSurrogates()
  @NoControlCharacters()
  @MaxLength(200, { message: 'must be at most 200 characters long' })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  name!: string;

  @ApiProperty({ minLength: 8, maxLength: 200 })
  @Matches(/\S/, { message: 'must contain a character other than whitespace' })
  @NoLoneSurrogates()
  @NoControlCharacters()
  @Length(8, 200, { message: 'must be 8 to 200 characters long' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  password!: string;

  @ApiPropertyOptional({ enum: ORG_ROLES, default: 'member' })
  @IsIn(ORG_ROLES, { message: 'must be one of: admin, member' })
  @IsOptional()
  orgRole?: OrgRole;

  @ApiPropertyOptional({ enum: SYSTEM_ROLES, nullable: true })
  @IsIn(SYSTEM_ROLES, { message: 'must be super_admin or absent' })
  @IsOptional()
  systemRole?: SystemRole | null;
}

/** A user as listed to the admins of its organization. */
export class MemberDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ enum: ORG_ROLES })
  orgRole!: OrgRole;

  @ApiProperty({ enum: SYSTEM_ROLES, nullable: true, type: String })
  systemRole!: SystemRole | null;

  @ApiProperty({ description: 'False once the user is deactivated' })
  isActive!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

/** A user as returned to super admins. */
export class UserDto extends MemberDto {
  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  deactivatedAt!: string | null;
}
