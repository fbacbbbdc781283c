import { InMemoryUserRepository } from '../testing/in-memory-user.repository';
import {
  CachedUserRepository,
  UserChange,
  UserChangeFeed,
} from './cached-user.repository';

class FakeFeed implements UserChangeFeed {
  live = true;
  private readonly listeners: ((change: UserChange) => void)[] = [];

  subscribe(listener: (change: UserChange) => void): void {
    this.listeners.push(listener);
  }

  report(change: UserChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

describe('CachedUserRepository', () => {
  const organizationId = '0b7a3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d';
  let inner: InMemoryUserRepository;
  let feed: FakeFeed;
  let clock: number;
  let reads: jest.SpyInstance;
  let sut: CachedUserRepository;

  beforeEach(() => {
    inner = new InMemoryUserRepository();
    feed = new FakeFeed();
    clock = 1_000_000;
    reads = jest.spyOn(inner, 'findById');
    sut = new CachedUserRepository(inner, feed, {
      ttlMs: 30_000,
      maxEntries: 2,
      now: () => clock,
    });
  });

  const addUser = (email: string) =>
    inner.add({
      organizationId,
      email,
      name: 'Ada',
      passwordHash: 'fake$x',
      orgRole: 'admin',
      systemRole: null,
    });
  const addSuperAdmin = () =>
    inner.add({
      organizationId,
      email: 'root@example.test',
      name: 'Root',
      passwordHash: 'fake$x',
      orgRole: 'admin',
      systemRole: 'super_admin',
    });

  it('reads a user once while the feed is live', async () => {
    const user = addUser('ada@example.test');

    const first = await sut.findById(user.id);
    const second = await sut.findById(user.id);

    expect(first).toEqual(user);
    expect(second).toEqual(user);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('reads again after the feed reports the user', async () => {
    const user = addUser('ada@example.test');
    await sut.findById(user.id);

    await inner.deactivate(user.id, addSuperAdmin().id);
    feed.report({ kind: 'user', userId: user.id });
    const after = await sut.findById(user.id);

    expect(after?.deactivatedAt).toBeInstanceOf(Date);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('keeps other users when one is reported', async () => {
    const ada = addUser('ada@example.test');
    const bob = addUser('bob@example.test');
    await sut.findById(ada.id);
    await sut.findById(bob.id);

    feed.report({ kind: 'user', userId: ada.id });
    await sut.findById(bob.id);

    expect(reads).toHaveBeenCalledTimes(2);
    expect(sut.size).toBe(1);
  });

  it('drops every user when the feed reports all', async () => {
    const ada = addUser('ada@example.test');
    const bob = addUser('bob@example.test');
    await sut.findById(ada.id);
    await sut.findById(bob.id);

    feed.report({ kind: 'all' });

    expect(sut.size).toBe(0);
  });

  it('reads every time while the feed is not live', async () => {
    const user = addUser('ada@example.test');
    feed.live = false;

    await sut.findById(user.id);
    await sut.findById(user.id);

    expect(reads).toHaveBeenCalledTimes(2);
    expect(sut.size).toBe(0);
  });

  it('does not serve a held user once the feed stops being live', async () => {
    const user = addUser('ada@example.test');
    await sut.findById(user.id);

    feed.live = false;
    await sut.findById(user.id);

    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('reads again once an entry is 30 seconds old', async () => {
    const user = addUser('ada@example.test');
    await sut.findById(user.id);

    clock += 29_999;
    await sut.findById(user.id);
    clock += 1;
    await sut.findById(user.id);

    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('does not keep a read that a reported change overlapped', async () => {
    const user = addUser('ada@example.test');
    reads.mockImplementationOnce(async (userId: string) => {
      const stale = await InMemoryUserRepository.prototype.findById.call(
        inner,
        userId,
      );
      feed.report({ kind: 'user', userId });
      return stale;
    });

    await sut.findById(user.id);
    await sut.findById(user.id);

    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('does not keep a read that started before the feed was live', async () => {
    const user = addUser('ada@example.test');
    feed.live = false;
    reads.mockImplementationOnce(async (userId: string) => {
      feed.live = true;
      return InMemoryUserRepository.prototype.findById.call(inner, userId);
    });

    await sut.findById(user.id);

    expect(sut.size).toBe(0);
  });

  it('does not hold unknown users', async () => {
    await sut.findById('3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b');

    expect(sut.size).toBe(0);
  });

  it('sees its own deactivation at once', async () => {
    const user = addUser('ada@example.test');
    await sut.findById(user.id);

    await sut.deactivate(user.id, addSuperAdmin().id);
    const after = await sut.findById(user.id);

    expect(after?.deactivatedAt).toBeInstanceOf(Date);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('drops the oldest entry beyond maxEntries', async () => {
    const ada = addUser('ada@example.test');
    const bob = addUser('bob@example.test');
    const cyd = addUser('cyd@example.test');
    await sut.findById(ada.id);
    await sut.findById(bob.id);
    await sut.findById(cyd.id);

    await sut.findById(bob.id);
    await sut.findById(cyd.id);
    await sut.findById(ada.id);

    expect(reads).toHaveBeenCalledTimes(4);
    expect(sut.size).toBe(2);
  });
});
