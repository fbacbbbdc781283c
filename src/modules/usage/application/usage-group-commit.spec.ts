import { UsageDraft } from '../domain/usage-draft';
import { UsageStorageUnavailableError } from '../domain/usage.errors';
import {
  StoreUsageResult,
  UsageDraftOutcome,
  UsageRecordRepository,
} from './ports/usage-record.repository';
import { GroupCommitOptions, UsageGroupCommit } from './usage-group-commit';

const ORGANIZATION = '11111111-1111-4111-8111-111111111111';
const MODEL = '22222222-2222-4222-8222-222222222222';

const draft = (requestId: string, inputTokens = 3): UsageDraft => ({
  organizationId: ORGANIZATION,
  userId: null,
  modelId: MODEL,
  inputTokens,
  outputTokens: 4,
  requestId,
});

/**
 * Stores drafts as new records named after their request ids. While
 * `paused` is set, each call waits until release() is called. `fail`
 * decides which batches throw.
 */
class GatedRepository extends UsageRecordRepository {
  readonly calls: string[][] = [];
  paused = false;
  fail?: (drafts: UsageDraft[]) => Error | undefined;
  private releases: (() => void)[] = [];

  async store(): Promise<StoreUsageResult> {
    throw new Error('store is not used by the group commit');
  }

  async storeEach(drafts: UsageDraft[]): Promise<UsageDraftOutcome[]> {
    this.calls.push(drafts.map((each) => each.requestId));
    if (this.paused) await new Promise<void>((r) => this.releases.push(r));

    const error = this.fail?.(drafts);
    if (error !== undefined) throw error;

    return drafts.map((each) => ({
      kind: 'stored',
      created: true,
      record: {
        ...each,
        id: `id-${each.requestId}`,
        provider: 'openai',
        modelName: 'gpt-4o',
        totalTokens: each.inputTokens + each.outputTokens,
        cost: null,
        currency: 'USD',
        createdAt: new Date(0),
      },
    }));
  }

  release(): void {
    const releases = this.releases;
    this.releases = [];
    for (const release of releases) release();
  }
}

const settle = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('UsageGroupCommit', () => {
  let records: GatedRepository;

  const groupCommit = (options: Partial<GroupCommitOptions> = {}) =>
    new UsageGroupCommit(records, {
      maxBatchSize: 1000,
      maxBatchesInFlight: 1,
      ...options,
    });

  beforeEach(() => {
    records = new GatedRepository();
  });

  it('stores a lone call at once', async () => {
    const outcome = await groupCommit().submit(draft('a'));

    expect(outcome).toMatchObject({ kind: 'stored', created: true });
    expect(records.calls).toEqual([['a']]);
  });

  it('batches calls made while a batch runs', async () => {
    const sut = groupCommit();
    records.paused = true;
    const first = sut.submit(draft('a'));
    await nextTurn();
    const queued = ['b', 'c', 'd'].map((id) => sut.submit(draft(id)));
    await nextTurn();

    records.paused = false;
    records.release();
    await Promise.all([first, ...queued]);

    expect(records.calls).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('caps the batch size', async () => {
    const sut = groupCommit({ maxBatchSize: 2 });

    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((id) => sut.submit(draft(id))),
    );

    expect(records.calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('runs batches in flight side by side', async () => {
    const sut = groupCommit({ maxBatchSize: 2, maxBatchesInFlight: 2 });
    records.paused = true;
    const pending = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      sut.submit(draft(id)),
    );
    await nextTurn();

    expect(records.calls).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);

    records.paused = false;
    records.release();
    await Promise.all(pending);
    expect(records.calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('shares the queue between batches', async () => {
    const sut = groupCommit({ maxBatchesInFlight: 2 });
    records.paused = true;
    const pending = ['a', 'b', 'c', 'd', 'e'].map((id) =>
      sut.submit(draft(id)),
    );
    await nextTurn();

    expect(records.calls).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);

    records.paused = false;
    records.release();
    await Promise.all(pending);
    expect(records.calls).toHaveLength(2);
  });

  it('gives one free slot everything', async () => {
    const sut = groupCommit({ maxBatchesInFlight: 2 });
    records.paused = true;
    const first = sut.submit(draft('a'));
    await nextTurn();
    const queued = ['b', 'c', 'd'].map((id) => sut.submit(draft(id)));
    await nextTurn();

    expect(records.calls).toEqual([['a'], ['b', 'c', 'd']]);

    records.paused = false;
    records.release();
    await Promise.all([first, ...queued]);
  });

  it('stores a repeated request id once', async () => {
    const sut = groupCommit();

    const outcomes = await Promise.all([
      sut.submit(draft('a')),
      sut.submit(draft('a')),
      sut.submit(draft('b')),
    ]);

    expect(records.calls).toEqual([['a', 'b']]);
    expect(
      outcomes.map((outcome) => 'created' in outcome && outcome.created),
    ).toEqual([true, false, true]);
  });

  it('defers a repeat with other content', async () => {
    const sut = groupCommit();

    await Promise.all([sut.submit(draft('a', 1)), sut.submit(draft('a', 2))]);

    expect(records.calls).toEqual([['a'], ['a']]);
  });

  it('holds a request id in flight', async () => {
    const sut = groupCommit({ maxBatchesInFlight: 2 });
    records.paused = true;
    const first = sut.submit(draft('a', 1));
    await nextTurn();
    const later = [sut.submit(draft('a', 2)), sut.submit(draft('b'))];
    await nextTurn();

    expect(records.calls).toEqual([['a'], ['b']]);

    records.paused = false;
    records.release();
    await Promise.all([first, ...later]);
    expect(records.calls).toEqual([['a'], ['b'], ['a']]);
  });

  it('isolates a draft whose insert fails', async () => {
    const sut = groupCommit();
    const failure = new Error('value out of range');
    records.fail = (drafts) =>
      drafts.some((each) => each.requestId === 'bad') ? failure : undefined;

    const results = await Promise.all(
      ['a', 'b', 'bad', 'c', 'd'].map((id) => settle(sut.submit(draft(id)))),
    );

    expect(results.map((result) => 'error' in result)).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(results[2]).toEqual({ error: failure });
    expect(records.calls).toEqual([
      ['a', 'b', 'bad', 'c', 'd'],
      ['a', 'b', 'bad'],
      ['a', 'b'],
      ['bad'],
      ['c', 'd'],
    ]);
  });

  it('rejects the batch while storage is unavailable', async () => {
    const sut = groupCommit();
    const unavailable = new UsageStorageUnavailableError('ECONNREFUSED');
    records.fail = () => unavailable;

    const results = await Promise.all(
      ['a', 'b', 'c'].map((id) => settle(sut.submit(draft(id)))),
    );
    records.fail = undefined;
    const later = await sut.submit(draft('d'));

    expect(results).toEqual([
      { error: unavailable },
      { error: unavailable },
      { error: unavailable },
    ]);
    expect(records.calls).toEqual([['a', 'b', 'c'], ['d']]);
    expect(later.kind).toBe('stored');
  });

  it('stops after storing what is queued', async () => {
    const sut = groupCommit({ maxBatchSize: 2 });
    records.paused = true;
    const pending = ['a', 'b', 'c'].map((id) => settle(sut.submit(draft(id))));
    await nextTurn();

    const stopped = sut.onApplicationShutdown();
    const refused = await settle(sut.submit(draft('late')));
    records.paused = false;
    records.release();
    await stopped;

    expect(records.calls).toEqual([['a', 'b'], ['c']]);
    expect((await Promise.all(pending)).every((r) => 'value' in r)).toBe(true);
    expect(refused).toEqual({
      error: expect.objectContaining({ code: 'usage.collection_stopped' }),
    });
  });

  it('takes calls until the last shutdown hook', async () => {
    const sut = groupCommit();

    await sut.beforeApplicationShutdown();
    const outcome = await sut.submit(draft('a'));

    expect(outcome.kind).toBe('stored');
  });
});
