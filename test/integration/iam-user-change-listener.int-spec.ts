import { DataSource } from 'typeorm';
import { AppSettings } from '../../src/config/app-settings';
import {
  CachedUserRepository,
  UserChange,
} from '../../src/modules/iam/infrastructure/cached-user.repository';
import {
  PostgresUserChangeListener,
  USER_CHANGES_APPLICATION_NAME,
} from '../../src/modules/iam/infrastructure/postgres-user-change.listener';
import { PostgresUserRepository } from '../../src/modules/iam/infrastructure/postgres-user.repository';
import { insertOrganization, insertUser } from '../support/fixtures';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Polls until the condition holds, failing after five seconds. */
async function eventually(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out after 5 s');
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe('PostgresUserChangeListener', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let listener: PostgresUserChangeListener;
  let changes: UserChange[];
  let organizationId: string;

  beforeAll(async () => {
    database = await createTestDatabase('iam_user_changes');
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
    }).initialize();
    organizationId = (await insertOrganization(dataSource, 'acme')).id;
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    listener = new PostgresUserChangeListener({
      databaseUrl: database.url,
    } as AppSettings);
    changes = [];
    listener.subscribe((change) => changes.push(change));
    await listener.onModuleInit();
    changes.length = 0;
  });

  afterEach(async () => {
    await listener.onApplicationShutdown();
  });

  /** Process ids of the backends of every listener connection. */
  async function listenerPids(): Promise<number[]> {
    const rows = await dataSource.query<{ pid: number }[]>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1`,
      [USER_CHANGES_APPLICATION_NAME],
    );

    return rows.map((row) => row.pid);
  }

  const addUser = (email: string) =>
    insertUser(dataSource, { organizationId, email });
  const reported = (userId: string) =>
    changes.some((c) => c.kind === 'user' && c.userId === userId);

  it('is live once it listens', () => {
    expect(listener.live).toBe(true);
  });

  it('reports a committed update and a delete by the user id', async () => {
    const ada = await addUser('ada@update.test');
    const bob = await addUser('bob@update.test');

    await dataSource.query(
      `UPDATE users SET org_role = 'member' WHERE id = $1`,
      [ada.id],
    );
    await dataSource.query('DELETE FROM users WHERE id = $1', [bob.id]);
    await eventually(() => changes.length === 2);

    expect(changes).toEqual([
      { kind: 'user', userId: ada.id },
      { kind: 'user', userId: bob.id },
    ]);
  });

  it('reports nothing for an insert or a rolled back update', async () => {
    const ada = await addUser('ada@rollback.test');
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`UPDATE users SET name = 'Eve' WHERE id = $1`, [ada.id]);
    await runner.rollbackTransaction();
    await runner.release();
    const bob = await addUser('bob@rollback.test');
    await dataSource.query(`UPDATE users SET name = 'Bo' WHERE id = $1`, [
      bob.id,
    ]);
    await eventually(() => reported(bob.id));

    expect(changes).toEqual([{ kind: 'user', userId: bob.id }]);
  });

  it('reports every user after a TRUNCATE', async () => {
    await dataSource.query('TRUNCATE users CASCADE');
    await eventually(() => changes.length === 1);

    expect(changes).toEqual([{ kind: 'all' }]);
  });

  it('reports every user when its connection dies, and listens again', async () => {
    await dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = $1`,
      [USER_CHANGES_APPLICATION_NAME],
    );
    await eventually(() => !listener.live);
    expect(changes).toEqual([{ kind: 'all' }]);

    await eventually(() => listener.live);
    const ada = await addUser('ada@reconnect.test');
    await dataSource.query(`UPDATE users SET name = 'Ann' WHERE id = $1`, [
      ada.id,
    ]);
    await eventually(() => reported(ada.id));

    expect(changes).toEqual([
      { kind: 'all' },
      { kind: 'all' },
      { kind: 'user', userId: ada.id },
    ]);
  });

  it('stops being live when its backend stalls', async () => {
    const watched = new PostgresUserChangeListener(
      { databaseUrl: database.url } as AppSettings,
      { intervalMs: 100, timeoutMs: 300 },
    );
    const watchedChanges: UserChange[] = [];
    watched.subscribe((change) => watchedChanges.push(change));
    const before = await listenerPids();
    await watched.onModuleInit();
    const started = (await listenerPids()).filter(
      (pid) => !before.includes(pid),
    );
    expect(started).toHaveLength(1);
    const [pid] = started;

    // A stopped backend keeps its socket open but sends nothing, as a
    // server stuck behind a dead network path does.
    process.kill(pid, 'SIGSTOP');
    try {
      await eventually(() => !watched.live);
    } finally {
      process.kill(pid, 'SIGCONT');
    }

    expect(watchedChanges).toEqual([{ kind: 'all' }, { kind: 'all' }]);
    await eventually(() => watched.live);
    await watched.onApplicationShutdown();
  });

  it('stops being live when the application shuts down', async () => {
    await listener.onApplicationShutdown();

    expect(listener.live).toBe(false);
  });

  it('lets the cache see a role changed at psql', async () => {
    const users = new CachedUserRepository(
      new PostgresUserRepository(dataSource),
      listener,
    );
    const ada = await insertUser(dataSource, {
      organizationId,
      email: 'ada@psql.test',
      orgRole: 'admin',
    });
    expect((await users.findById(ada.id))?.orgRole).toBe('admin');
    expect(users.size).toBe(1);

    await dataSource.query(
      `UPDATE users SET org_role = 'member' WHERE id = $1`,
      [ada.id],
    );
    await eventually(() => users.size === 0);

    expect((await users.findById(ada.id))?.orgRole).toBe('member');
  });
});
