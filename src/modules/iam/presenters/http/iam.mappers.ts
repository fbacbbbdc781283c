import { IssuedToken } from '../../application/ports/token-service';
import { Organization } from '../../domain/organization';
import { isActive, User } from '../../domain/user';
import { AccessTokenDto } from './login.dto';
import { OrganizationDto } from './organization.dto';
import { MemberDto, UserDto } from './user.dto';

// Each mapper copies the fields of its DTO one by one, so the password hash,
// or a field added to a domain type later, never reaches a response.

export function toAccessTokenDto(token: IssuedToken): AccessTokenDto {
  return {
    accessToken: token.accessToken,
    tokenType: 'Bearer',
    expiresIn: token.expiresIn,
  };
}

export function toOrganizationDto(organization: Organization): OrganizationDto {
  return {
    id: organization.id,
    name: organization.name,
    memberCount: organization.memberCount,
    createdAt: organization.createdAt.toISOString(),
  };
}

export function toMemberDto(user: User): MemberDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    orgRole: user.orgRole,
    systemRole: user.systemRole,
    isActive: isActive(user),
    createdAt: user.createdAt.toISOString(),
  };
}

export function toUserDto(user: User): UserDto {
  return {
    ...toMemberDto(user),
    organizationId: user.organizationId,
    deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
  };
}
