import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_SETTINGS, AppSettings } from '../../config/app-settings';
import { AuthenticateUseCase } from './application/authenticate.use-case';
import { CreateOrganizationUseCase } from './application/create-organization.use-case';
import { CreateUserUseCase } from './application/create-user.use-case';
import { DeactivateUserUseCase } from './application/deactivate-user.use-case';
import { EnsureSuperAdminUseCase } from './application/ensure-super-admin.use-case';
import { GetCurrentUserUseCase } from './application/get-current-user.use-case';
import { ListMembersUseCase } from './application/list-members.use-case';
import { ListOrganizationsUseCase } from './application/list-organizations.use-case';
import {
  LOGIN_RATE_LIMITS,
  LoginRateLimits,
  LoginThrottle,
} from './application/login-throttle';
import { LoginUseCase } from './application/login.use-case';
import { OrganizationRepository } from './application/ports/organization.repository';
import { PasswordHasher } from './application/ports/password-hasher';
import { TokenService } from './application/ports/token-service';
import { UserRepository } from './application/ports/user.repository';
import { CachedUserRepository } from './infrastructure/cached-user.repository';
import { JwtTokenService } from './infrastructure/jwt-token.service';
import { PostgresOrganizationRepository } from './infrastructure/postgres-organization.repository';
import { PostgresUserChangeListener } from './infrastructure/postgres-user-change.listener';
import { PostgresUserRepository } from './infrastructure/postgres-user.repository';
import { ScryptPasswordHasher } from './infrastructure/scrypt-password-hasher';
import { AuthController } from './presenters/http/auth.controller';
import { AuthGuard } from './presenters/http/auth.guard';
import { CurrentUserController } from './presenters/http/current-user.controller';
import { OrganizationMembersController } from './presenters/http/organization-members.controller';
import { SuperAdminOrganizationsController } from './presenters/http/super-admin-organizations.controller';
import { SuperAdminUsersController } from './presenters/http/super-admin-users.controller';

@Module({
  controllers: [
    AuthController,
    CurrentUserController,
    SuperAdminOrganizationsController,
    SuperAdminUsersController,
    OrganizationMembersController,
  ],
  providers: [
    { provide: TokenService, useClass: JwtTokenService },
    PostgresUserRepository,
    PostgresUserChangeListener,
    {
      provide: UserRepository,
      useFactory: (
        users: PostgresUserRepository,
        changes: PostgresUserChangeListener,
      ) => new CachedUserRepository(users, changes),
      inject: [PostgresUserRepository, PostgresUserChangeListener],
    },
    {
      provide: OrganizationRepository,
      useClass: PostgresOrganizationRepository,
    },
    { provide: PasswordHasher, useClass: ScryptPasswordHasher },
    { provide: APP_GUARD, useClass: AuthGuard },
    {
      provide: LOGIN_RATE_LIMITS,
      useFactory: (settings: AppSettings): LoginRateLimits =>
        settings.loginRateLimit,
      inject: [APP_SETTINGS],
    },
    {
      provide: LoginThrottle,
      useFactory: (limits: LoginRateLimits) => new LoginThrottle(limits),
      inject: [LOGIN_RATE_LIMITS],
    },
    AuthenticateUseCase,
    EnsureSuperAdminUseCase,
    GetCurrentUserUseCase,
    LoginUseCase,
    CreateOrganizationUseCase,
    ListOrganizationsUseCase,
    CreateUserUseCase,
    DeactivateUserUseCase,
    ListMembersUseCase,
  ],
  exports: [
    UserRepository,
    OrganizationRepository,
    PasswordHasher,
    EnsureSuperAdminUseCase,
  ],
})
export class IamModule {}
