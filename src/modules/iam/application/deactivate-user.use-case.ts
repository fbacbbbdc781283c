import { Injectable } from '@nestjs/common';
import { SelfDeactivationError, UserNotFoundError } from '../domain/iam.errors';
import { User } from '../domain/user';
import { UserRepository } from './ports/user.repository';

export interface DeactivateUserCommand {
  userId: string;
  /** The super admin making the request. */
  actorUserId: string;
}

/**
 * Deactivates a user: it can no longer sign in and its tokens stop working
 * on the next request. Nothing is deleted, so its usage stays attributed to
 * it. Deactivating an already deactivated user keeps the first timestamp.
 */
@Injectable()
export class DeactivateUserUseCase {
  constructor(private readonly users: UserRepository) {}

  /** Throws SelfDeactivationError, ActorDeactivatedError or UserNotFoundError. */
  async execute(command: DeactivateUserCommand): Promise<User> {
    if (command.userId === command.actorUserId) {
      throw new SelfDeactivationError(command.userId);
    }

    const user = await this.users.deactivate(
      command.userId,
      command.actorUserId,
    );
    if (user === null) throw new UserNotFoundError(command.userId);

    return user;
  }
}
