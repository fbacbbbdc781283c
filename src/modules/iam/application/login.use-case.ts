import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InvalidCredentialsError } from '../domain/iam.errors';
import { isActive, normalizeEmail } from '../domain/user';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './ports/password-hasher';
import { IssuedToken, TokenService } from './ports/token-service';
import { UserRepository } from './ports/user.repository';

export interface LoginCommand {
  email: string;
  password: string;
  /** The caller's IP address, the key of the per-address limit. */
  clientAddress: string;
}

/**
 * Exchanges an email and password for an access token. Unknown emails,
 * wrong passwords and deactivated users fail with the same error, and each
 * of them costs one password verification, so timing does not tell them apart.
 * Attempts over the LoginThrottle limits raise TooManyLoginAttemptsError
 * before any lookup.
 */
@Injectable()
export class LoginUseCase {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Hashes the dummy password at boot, so the first unknown email is not faster. */
  async onModuleInit(): Promise<void> {
    await this.dummyPasswordHash();
  }

  async execute(command: LoginCommand): Promise<IssuedToken> {
    const email = normalizeEmail(command.email);
    this.throttle.admit(command.clientAddress, email);

    const token = await this.verify(email, command.password);
    this.throttle.recordSuccess(email);

    return token;
  }

  private async verify(email: string, password: string): Promise<IssuedToken> {
    const credentials = await this.users.findCredentialsByEmail(email);
    if (credentials === null) {
      await this.hasher.verify(password, await this.dummyPasswordHash());
      throw new InvalidCredentialsError();
    }

    const { user, passwordHash } = credentials;
    const passwordMatches = await this.hasher.verify(password, passwordHash);
    if (!passwordMatches || !isActive(user)) {
      throw new InvalidCredentialsError();
    }

    return this.tokens.issue({
      userId: user.id,
      organizationId: user.organizationId,
    });
  }

  private dummyPasswordHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));

    return this.dummyHash;
  }
}
