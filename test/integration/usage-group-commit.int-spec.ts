import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CollectUsageCommand } from '../../src/modules/usage/application/collect-usage.command';
import { CollectUsageUseCase } from '../../src/modules/usage/application/collect-usage.use-case';
import { UsageRecordRepository } from '../../src/modules/usage/application/ports/usage-record.repository';
import { UsageDraft } from '../../src/modules/usage/domain/usage-draft';
import {
  insertModel,
  insertOrganization,
  insertUser,
  ModelFixture,
  OrganizationFixture,
  UserFixture,
} from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const UNKNOWN_MODEL = '00000000-0000-4000-8000-000000000001';

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: error as Error & { code?: string } }),
  );

describe('UsageGroupCommit on PostgreSQL', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let collect: CollectUsageUseCase;
  let storeEach: jest.SpyInstance<Promise<unknown>, [UsageDraft[]]>;
  let acme: OrganizationFixture;
  let alice: UserFixture;
  let priced: ModelFixture;

  const command = (requestId: string, inputTokens = 1234) => ({
    organizationId: acme.id,
    userId: alice.id,
    modelId: priced.id,
    inputTokens,
    outputTokens: 567,
    requestId,
  });

  const storedRequestIds = async (): Promise<string[]> => {
    const rows: { request_id: string }[] = await dataSource.query(
      `SELECT request_id FROM usage ORDER BY request_id COLLATE "C"`,
    );
    return rows.map((row) => row.request_id);
  };

  const batchSizes = () =>
    storeEach.mock.calls.map(([drafts]) => drafts.length);

  beforeAll(async () => {
    testApp = await startTestApp('usage_group_commit');
    dataSource = testApp.dataSource;
    collect = testApp.app.get(CollectUsageUseCase);
    storeEach = jest.spyOn(testApp.app.get(UsageRecordRepository), 'storeEach');
    acme = await insertOrganization(dataSource, 'Acme');
    alice = await insertUser(dataSource, {
      organizationId: acme.id,
      email: 'alice@acme.example',
    });
    priced = await insertModel(dataSource, {
      name: 'gpt-4o',
      provider: 'openai',
      inputPricePerMillion: '2.5',
      outputPricePerMillion: '10',
      currency: 'USD',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(async () => {
    await dataSource.query(`DELETE FROM usage`);
    storeEach.mockClear();
  });

  it('stores 64 concurrent calls in batches', async () => {
    const requestIds = Array.from({ length: 64 }, (_, i) => `many-${i}`);

    const results = await Promise.all(
      requestIds.map((requestId) => collect.execute(command(requestId))),
    );

    const rows: { id: string; request_id: string; created_at: Date }[] =
      await dataSource.query(`SELECT id, request_id, created_at FROM usage`);
    const rowByRequestId = new Map(rows.map((row) => [row.request_id, row]));
    expect(rows).toHaveLength(64);
    results.forEach((result, index) => {
      const row = rowByRequestId.get(requestIds[index]);
      // 1234 / 1e6 x 2.5 + 567 / 1e6 x 10 = 0.003085 + 0.00567
      expect(result).toEqual({
        id: row?.id,
        organizationId: acme.id,
        userId: alice.id,
        modelId: priced.id,
        provider: 'openai',
        modelName: 'gpt-4o',
        inputTokens: 1234,
        outputTokens: 567,
        totalTokens: 1801,
        cost: '0.008755',
        currency: 'USD',
        requestId: requestIds[index],
        createdAt: row?.created_at,
        created: true,
      });
    });
    expect(storeEach.mock.calls.length).toBeLessThan(64);
    expect(batchSizes().reduce((sum, size) => sum + size, 0)).toBe(64);
  });

  it('stores 50 concurrent repeats once', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => collect.execute(command('same'))),
    );

    expect(await storedRequestIds()).toEqual(['same']);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results.every((result) => result.cost === '0.008755')).toBe(true);
  });

  it('rejects only the call with an unknown model', async () => {
    const valid = Array.from({ length: 30 }, (_, i) => `valid-${i}`);

    const [unknown, ...stored] = await Promise.all([
      settle(
        collect.execute({ ...command('unknown'), modelId: UNKNOWN_MODEL }),
      ),
      ...valid.map((requestId) => settle(collect.execute(command(requestId)))),
    ]);

    expect(unknown).toEqual({
      error: expect.objectContaining({
        code: 'usage.unknown_model',
        details: [
          {
            field: 'modelId',
            message: `model ${UNKNOWN_MODEL} not found; use a catalog model id`,
          },
        ],
      }),
    });
    expect(stored.map((result) => 'value' in result)).toEqual(
      valid.map(() => true),
    );
    expect(await storedRequestIds()).toEqual([...valid].sort());
    // The 31 calls were shared between the two inserts that may run at
    // once, and the unknown model rejected its call alone within its insert.
    expect(batchSizes()).toEqual([16, 15]);
  });

  it('rejects only a conflicting repeat', async () => {
    await collect.execute(command('taken', 1));
    const fresh = Array.from({ length: 9 }, (_, i) => `fresh-${i}`);

    const [conflict, ...stored] = await Promise.all([
      settle(collect.execute(command('taken', 2))),
      ...fresh.map((requestId) => settle(collect.execute(command(requestId)))),
    ]);

    expect(conflict).toEqual({
      error: expect.objectContaining({
        code: 'usage.request_id_conflict',
        message:
          'Request id taken was already collected with a different inputTokens',
      }),
    });
    expect(stored.map((result) => 'value' in result)).toEqual(
      fresh.map(() => true),
    );
    expect(await storedRequestIds()).toEqual([...fresh, 'taken']);
  });

  it('rejects the later of two differing calls', async () => {
    const [first, second] = await Promise.all([
      settle(collect.execute(command('twin', 1))),
      settle(collect.execute(command('twin', 2))),
    ]);

    expect(first).toEqual({
      value: expect.objectContaining({ inputTokens: 1, created: true }),
    });
    expect(second).toEqual({
      error: expect.objectContaining({ code: 'usage.request_id_conflict' }),
    });
    expect(await storedRequestIds()).toEqual(['twin']);
  });

  it('inserts a batch in request id order', async () => {
    await dataSource.query(`
      CREATE TABLE insert_log (seq serial, request_id text, xid xid8);
      CREATE FUNCTION log_usage_insert() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN
        INSERT INTO insert_log (request_id, xid)
        VALUES (NEW.request_id, pg_current_xact_id());
        RETURN NEW;
      END $$;
      CREATE TRIGGER log_usage_insert AFTER INSERT ON usage
      FOR EACH ROW EXECUTE FUNCTION log_usage_insert();`);

    try {
      await Promise.all(
        ['d', 'B', 'a', 'c', 'A'].map((id) => collect.execute(command(id))),
      );

      // The five calls go out in two inserts, of d, B and a and of c and A.
      // Each is a transaction of its own, and either may commit first.
      const rows: { request_ids: string[] }[] = await dataSource.query(
        `SELECT array_agg(request_id ORDER BY seq) AS request_ids
         FROM insert_log GROUP BY xid ORDER BY min(request_id COLLATE "C")`,
      );
      expect(rows.map((row) => row.request_ids)).toEqual([
        ['A', 'c'],
        ['B', 'a', 'd'],
      ]);
      expect(batchSizes()).toEqual([3, 2]);
    } finally {
      await dataSource.query(`
        DROP TRIGGER log_usage_insert ON usage;
        DROP FUNCTION log_usage_insert();
        DROP TABLE insert_log;`);
    }
  });

  describe('when the insert fails', () => {
    afterEach(async () => {
      await dataSource.query(`DROP TRIGGER IF EXISTS reject_usage ON usage`);
      await dataSource.query(`DROP FUNCTION IF EXISTS reject_usage()`);
    });

    const rejectInputTokens = (condition: string) =>
      dataSource.query(`
        CREATE FUNCTION reject_usage() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN
          IF ${condition} THEN
            RAISE EXCEPTION 'usage writes are off for %', NEW.input_tokens;
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER reject_usage BEFORE INSERT ON usage
        FOR EACH ROW EXECUTE FUNCTION reject_usage();`);

    it('rejects only the failing calls', async () => {
      await rejectInputTokens('NEW.input_tokens = 666');
      const calls: CollectUsageCommand[] = Array.from({ length: 20 }, (_, i) =>
        command(`marked-${i}`, i % 7 === 3 ? 666 : 1000 + i),
      );

      const results = await Promise.all(
        calls.map((call) => settle(collect.execute(call))),
      );

      const marked = ['marked-10', 'marked-17', 'marked-3'];
      calls.forEach((call, index) => {
        if (marked.includes(call.requestId)) {
          expect(results[index]).toEqual({
            error: expect.objectContaining({
              message: 'usage writes are off for 666',
            }),
          });
        } else {
          expect(results[index]).toEqual({
            value: expect.objectContaining({ requestId: call.requestId }),
          });
        }
      });
      const stored = await storedRequestIds();
      expect(stored).toHaveLength(17);
      expect(stored.filter((id) => marked.includes(id))).toEqual([]);
    });

    it('rejects every call of a failing batch', async () => {
      await rejectInputTokens('true');

      const results = await Promise.all(
        ['off-1', 'off-2', 'off-3'].map((id) =>
          settle(collect.execute(command(id, 5))),
        ),
      );

      expect(results).toEqual(
        results.map(() => ({
          error: expect.objectContaining({
            message: 'usage writes are off for 5',
          }),
        })),
      );
      expect(await storedRequestIds()).toEqual([]);

      await dataSource.query(`DROP TRIGGER reject_usage ON usage`);
      const later = await collect.execute(command('on-again'));
      expect(later.created).toBe(true);
      expect(await storedRequestIds()).toEqual(['on-again']);
    });

    it('rejects a batch at once on disk_full', async () => {
      await dataSource.query(`
        CREATE FUNCTION reject_usage() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN
          RAISE EXCEPTION 'simulated full disk' USING ERRCODE = '53100';
        END $$;
        CREATE TRIGGER reject_usage BEFORE INSERT ON usage
        FOR EACH ROW EXECUTE FUNCTION reject_usage();`);

      const results = await Promise.all(
        ['full-1', 'full-2', 'full-3', 'full-4'].map((id) =>
          settle(collect.execute(command(id))),
        ),
      );

      expect(
        results.map((result) => 'error' in result && result.error.code),
      ).toEqual([
        'usage.storage_unavailable',
        'usage.storage_unavailable',
        'usage.storage_unavailable',
        'usage.storage_unavailable',
      ]);
      // Two inserts of two, each rejected at once without splitting it.
      expect(batchSizes()).toEqual([2, 2]);
      expect(await storedRequestIds()).toEqual([]);
    });

    it('retries a deadlock once', async () => {
      await dataSource.query(`
        CREATE SEQUENCE usage_attempts;
        CREATE FUNCTION reject_usage() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN
          IF nextval('usage_attempts') = 1 THEN
            RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = '40P01';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER reject_usage BEFORE INSERT ON usage
        FOR EACH ROW EXECUTE FUNCTION reject_usage();`);

      try {
        const collected = await collect.execute(command('retried'));

        // nextval is not rolled back, so it counts both attempts.
        const attempts: { last_value: string }[] = await dataSource.query(
          `SELECT last_value FROM usage_attempts`,
        );
        expect(collected.created).toBe(true);
        expect(attempts).toEqual([{ last_value: '2' }]);
        expect(await storedRequestIds()).toEqual(['retried']);
      } finally {
        await dataSource.query(`DROP TRIGGER reject_usage ON usage`);
        await dataSource.query(`DROP SEQUENCE usage_attempts`);
      }
    });
  });
});

describe('UsageGroupCommit shutdown', () => {
  it('stores queued calls before closing', async () => {
    const testApp = await startTestApp('usage_group_commit_shutdown');
    const client = new Client({ connectionString: testApp.database.url });
    try {
      const dataSource = testApp.dataSource;
      const acme = await insertOrganization(dataSource, 'Acme');
      const model = await insertModel(dataSource, {
        name: 'gpt-4o',
        provider: 'openai',
      });
      const collect = testApp.app.get(CollectUsageUseCase);
      const storeEach = jest.spyOn(
        testApp.app.get(UsageRecordRepository),
        'storeEach',
      );
      const call = (requestId: string) =>
        settle(
          collect.execute({
            organizationId: acme.id,
            userId: null,
            modelId: model.id,
            inputTokens: 1,
            outputTokens: 2,
            requestId,
          }),
        );
      const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

      // Each insert sleeps, so the first wave fills the two inserts in
      // flight and the other two waves stay queued until shutdown.
      await dataSource.query(`
        CREATE FUNCTION slow_usage() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$;
        CREATE TRIGGER slow_usage BEFORE INSERT ON usage
        FOR EACH STATEMENT EXECUTE FUNCTION slow_usage();`);
      const pending: ReturnType<typeof call>[] = [];
      for (const wave of ['a', 'b', 'c']) {
        for (let i = 0; i < 10; i++) pending.push(call(`${wave}-${i}`));
        await nextTurn();
      }
      expect(storeEach.mock.calls.length).toBe(2);
      await testApp.app.close();
      const late = await call('late');

      // The split of the queued waves at shutdown depends on whether both
      // inserts in flight ended in one turn, but the order of the calls
      // does not.
      expect(
        storeEach.mock.calls.flatMap(([drafts]) =>
          drafts.map((d) => d.requestId),
        ),
      ).toEqual(
        ['a', 'b', 'c'].flatMap((wave) =>
          Array.from({ length: 10 }, (_, i) => `${wave}-${i}`),
        ),
      );

      const results = await Promise.all(pending);
      expect(results.filter((result) => 'value' in result)).toHaveLength(30);
      expect(late).toEqual({
        error: expect.objectContaining({ code: 'usage.collection_stopped' }),
      });
      await client.connect();
      const rows = await client.query(
        `SELECT count(*)::int AS n FROM usage WHERE request_id <> 'late'`,
      );
      expect(rows.rows).toEqual([{ n: 30 }]);
    } finally {
      await client.end();
      await testApp.database.drop();
    }
  });
});
