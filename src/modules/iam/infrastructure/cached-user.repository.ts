import { NewUser, UserRepository } from '../application/ports/user.repository';
import { User, UserCredentials } from '../domain/user';

/** A change the database reported: one user, or every user (after a TRUNCATE or a lost connection). */
export type UserChange = { kind: 'user'; userId: string } | { kind: 'all' };

/** Reports every committed change of a user row while it is live. */
export interface UserChangeFeed {
  /** True while no change can go unreported. */
  readonly live: boolean;
  subscribe(listener: (change: UserChange) => void): void;
}

export interface UserCacheOptions {
  /** Maximum age of an entry, which bounds how long a stalled feed can leave a user stale. */
  ttlMs: number;
  /** Maximum number of entries. The oldest is dropped first. */
  maxEntries: number;
  now: () => number;
}

export const DEFAULT_USER_CACHE_OPTIONS: UserCacheOptions = {
  ttlMs: 10_000,
  maxEntries: 10_000,
  now: () => Date.now(),
};

/**
 * Serves findById, the lookup of every authenticated request, from memory
 * while the change feed is live, and passes everything else through.
 * An entry goes when the feed reports its user, when this instance writes
 * that user, or when it is older than ttlMs.
 *
 * A read that overlaps a reported change is returned but not kept: the
 * generation counts changes, and a read keeps its row only if no change
 * came between its start and its end. Without that, a row read just before
 * a deactivation committed could be stored after the notification dropped
 * it, and stay until it expires.
 */
export class CachedUserRepository extends UserRepository {
  private readonly entries = new Map<string, { user: User; at: number }>();
  private generation = 0;

  constructor(
    private readonly inner: UserRepository,
    private readonly feed: UserChangeFeed,
    private readonly options: UserCacheOptions = DEFAULT_USER_CACHE_OPTIONS,
  ) {
    super();
    feed.subscribe((change) => {
      if (change.kind === 'all') this.forgetAll();
      else this.forget(change.userId);
    });
  }

  async findById(userId: string): Promise<User | null> {
    const cached = this.entries.get(userId);
    if (cached !== undefined) {
      if (this.feed.live && this.options.now() - cached.at < this.options.ttlMs)
        return cached.user;
      this.entries.delete(userId);
    }

    const generation = this.generation;
    const live = this.feed.live;
    const user = await this.inner.findById(userId);
    if (
      user !== null &&
      live &&
      this.feed.live &&
      generation === this.generation
    ) {
      this.remember(user);
    }

    return user;
  }

  findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.inner.findCredentialsByEmail(email);
  }

  listByOrganization(organizationId: string): Promise<User[]> {
    return this.inner.listByOrganization(organizationId);
  }

  create(user: NewUser): Promise<User> {
    return this.inner.create(user);
  }

  async deactivate(userId: string, actorUserId: string): Promise<User | null> {
    // Dropped here as well as by the feed, so the next request to this
    // instance reads the change even before the notification arrives.
    this.forget(userId);
    try {
      return await this.inner.deactivate(userId, actorUserId);
    } finally {
      this.forget(userId);
    }
  }

  /** Number of users held, for tests. */
  get size(): number {
    return this.entries.size;
  }

  private remember(user: User): void {
    this.entries.delete(user.id);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(user.id, { user, at: this.options.now() });
  }

  private forget(userId: string): void {
    this.generation += 1;
    this.entries.delete(userId);
  }

  private forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
