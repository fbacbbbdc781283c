import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthenticateUseCase } from './application/authenticate.use-case';
import { EnsureSuperAdminUseCase } from './application/ensure-super-admin.use-case';
import { OrganizationRepository } from './application/ports/organization.repository';
import { PasswordHasher } from './application/ports/password-hasher';
import { TokenService } from './application/ports/token-service';
import { UserRepository } from './application/ports/user.repository';
import { JwtTokenService } from './infrastructure/jwt-token.service';
import { PostgresOrganizationRepository } from './infrastructure/postgres-organization.repository';
import { PostgresUserRepository } from './infrastructure/postgres-user.repository';
import { ScryptPasswordHasher } from './infrastructure/scrypt-password-hasher';
import { AuthGuard } from './presenters/http/auth.guard';

@Module({
  providers: [
    { provide: TokenService, useClass: JwtTokenService },
    { provide: UserRepository, useClass: PostgresUserRepository },
    {
      provide: OrganizationRepository,
      useClass: PostgresOrganizationRepository,
    },
    { provide: PasswordHasher, useClass: ScryptPasswordHasher },
    { provide: APP_GUARD, useClass: AuthGuard },
    AuthenticateUseCase,
    EnsureSuperAdminUseCase,
  ],
  exports: [
    UserRepository,
    OrganizationRepository,
    PasswordHasher,
    EnsureSuperAdminUseCase,
  ],
})
export class IamModule {}
