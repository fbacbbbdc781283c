import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '../domain/authenticated-user';
import { InvalidTokenError } from '../domain/iam.errors';
import { User } from '../domain/user';
import { UserRepository } from './ports/user.repository';

/** Loads the signed-in caller's own account, name included. */
@Injectable()
export class GetCurrentUserUseCase {
  constructor(private readonly users: UserRepository) {}

  async execute(caller: AuthenticatedUser): Promise<User> {
    const user = await this.users.findById(caller.userId);
    // The guard has just loaded this row. It is missing only when the user
    // was deleted since, so the token no longer names anyone.
    if (user === null)
      throw new InvalidTokenError('The access token is invalid');

    return user;
  }
}
