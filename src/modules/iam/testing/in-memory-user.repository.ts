import { randomUUID } from 'node:crypto';
import { NewUser, UserRepository } from '../application/ports/user.repository';
import { ActorDeactivatedError, EmailTakenError } from '../domain/iam.errors';
import { User, UserCredentials } from '../domain/user';

/** UserRepository over a Map, for unit specs of the use cases. */
export class InMemoryUserRepository extends UserRepository {
  private readonly rows = new Map<string, UserCredentials>();

  /** Stores a user as the Postgres adapter would, returning it. */
  add(user: NewUser & { deactivatedAt?: Date | null }): User {
    const stored: User = {
      id: randomUUID(),
      organizationId: user.organizationId,
      email: user.email,
      name: user.name,
      orgRole: user.orgRole,
      systemRole: user.systemRole,
      deactivatedAt: user.deactivatedAt ?? null,
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    };
    this.rows.set(stored.id, { user: stored, passwordHash: user.passwordHash });

    return stored;
  }

  all(): UserCredentials[] {
    return [...this.rows.values()];
  }

  async findById(userId: string): Promise<User | null> {
    return this.rows.get(userId)?.user ?? null;
  }

  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.all().find((row) => row.user.email === email) ?? null;
  }

  /** Orders by UTF-8 bytes, as COLLATE "C" does in the adapter. */
  async listByOrganization(organizationId: string): Promise<User[]> {
    return this.all()
      .map((row) => row.user)
      .filter((user) => user.organizationId === organizationId)
      .sort((a, b) =>
        Buffer.compare(Buffer.from(a.email), Buffer.from(b.email)),
      );
  }

  async create(user: NewUser): Promise<User> {
    if (await this.findCredentialsByEmail(user.email)) {
      throw new EmailTakenError(user.email);
    }

    return this.add(user);
  }

  async deactivate(userId: string, actorUserId: string): Promise<User | null> {
    const row = this.rows.get(userId);
    if (row === undefined) return null;
    const actor = this.rows.get(actorUserId)?.user;
    if (
      actor === undefined ||
      actor.deactivatedAt !== null ||
      actor.systemRole !== 'super_admin'
    ) {
      throw new ActorDeactivatedError(actorUserId);
    }

    row.user = {
      ...row.user,
      deactivatedAt: row.user.deactivatedAt ?? new Date(),
    };

    return row.user;
  }
}
