import { UsageDraft } from '../domain/usage-draft';
import { UsageRecord } from '../domain/usage-record';
import { CollectUsageCommand } from './collect-usage.command';
import { CollectUsageUseCase } from './collect-usage.use-case';
import {
  StoreUsageResult,
  UsageDraftOutcome,
  UsageRecordRepository,
} from './ports/usage-record.repository';
import { UsageGroupCommit } from './usage-group-commit';

const ORGANIZATION = '11111111-1111-4111-8111-111111111111';
const MODEL = '22222222-2222-4222-8222-222222222222';
const USER = '33333333-3333-4333-8333-333333333333';

/**
 * Stores every draft as new, or reports the configured missing reference
 * or outcome.
 */
class FakeUsageRecordRepository extends UsageRecordRepository {
  readonly calls: UsageDraft[][] = [];
  result?: StoreUsageResult;
  outcome?: UsageDraftOutcome;

  async storeEach(drafts: UsageDraft[]): Promise<UsageDraftOutcome[]> {
    this.calls.push(drafts);

    return drafts.map(
      (draft, index) =>
        this.outcome ?? {
          kind: 'stored',
          record: recordOf(draft, `id-${index}`),
          created: true,
        },
    );
  }

  async store(drafts: UsageDraft[]): Promise<StoreUsageResult> {
    this.calls.push(drafts);

    return (
      this.result ?? {
        kind: 'stored',
        records: drafts.map((draft, index) => ({
          record: recordOf(draft, `id-${index}`),
          created: true,
        })),
      }
    );
  }
}

function recordOf(draft: UsageDraft, id: string): UsageRecord {
  return {
    id,
    organizationId: draft.organizationId,
    userId: draft.userId,
    modelId: draft.modelId,
    provider: 'openai',
    modelName: 'gpt-4o',
    inputTokens: draft.inputTokens,
    outputTokens: draft.outputTokens,
    totalTokens: draft.inputTokens + draft.outputTokens,
    cost: null,
    currency: 'USD',
    requestId: draft.requestId,
    createdAt: draft.occurredAt ?? new Date(0),
  };
}

const command = (requestId: string): CollectUsageCommand => ({
  organizationId: ORGANIZATION,
  userId: null,
  modelId: MODEL,
  inputTokens: 3,
  outputTokens: 4,
  requestId,
});

describe('CollectUsageUseCase', () => {
  let records: FakeUsageRecordRepository;
  let sut: CollectUsageUseCase;

  beforeEach(() => {
    records = new FakeUsageRecordRepository();
    sut = new CollectUsageUseCase(records, new UsageGroupCommit(records));
  });

  it('sends each request id once', async () => {
    const results = await sut.executeBatch([
      command('a'),
      command('b'),
      command('a'),
    ]);

    expect(records.calls[0].map((draft) => draft.requestId)).toEqual([
      'a',
      'b',
    ]);
    expect(results.map((result) => [result.id, result.created])).toEqual([
      ['id-0', true],
      ['id-1', true],
      ['id-0', false],
    ]);
  });

  it('stores nothing for an invalid command', async () => {
    await expect(
      sut.execute({ ...command('a'), inputTokens: -1 }),
    ).rejects.toMatchObject({ code: 'usage.invalid' });
    expect(records.calls).toEqual([]);
  });

  it('splits concurrent calls between batches', async () => {
    const results = await Promise.all([
      sut.execute(command('a')),
      sut.execute(command('b')),
      sut.execute(command('c')),
    ]);

    // Two batches may run at once, and three calls are shared between them.
    expect(records.calls.map((drafts) => drafts.length)).toEqual([2, 1]);
    expect(results.map((result) => result.requestId)).toEqual(['a', 'b', 'c']);
  });

  it('rejects an invalid call alone', async () => {
    const valid = sut.execute(command('a'));
    const invalid = sut.execute({ ...command('b'), requestId: '' });

    await expect(invalid).rejects.toMatchObject({
      code: 'usage.invalid',
      details: [{ field: 'requestId' }],
    });
    expect((await valid).requestId).toBe('a');
    expect(records.calls).toEqual([
      [expect.objectContaining({ requestId: 'a' })],
    ]);
  });

  it.each<[UsageDraftOutcome, string, string[]]>([
    [
      { kind: 'missing_reference', field: 'userId' },
      'usage.user_not_in_organization',
      ['userId'],
    ],
    [
      { kind: 'missing_reference', field: 'modelId' },
      'usage.unknown_model',
      ['modelId'],
    ],
    [
      { kind: 'missing_reference', field: 'organizationId' },
      'usage.unknown_organization',
      [],
    ],
    [
      { kind: 'conflict', differingFields: ['inputTokens'] },
      'usage.request_id_conflict',
      ['inputTokens'],
    ],
  ])('maps outcome %j to its error', async (outcome, code, fields) => {
    records.outcome = outcome;

    const error = await sut
      .execute({ ...command('a'), userId: USER })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code });
    expect(
      (error as { details: { field: string }[] }).details.map(
        (detail) => detail.field,
      ),
    ).toEqual(fields);
  });

  it('names the original index of a missing reference', async () => {
    records.result = {
      kind: 'missing_references',
      missing: [{ position: 1, field: 'modelId' }],
    };

    const error = sut.executeBatch([command('a'), command('a'), command('b')]);

    await expect(error).rejects.toMatchObject({
      code: 'usage.unknown_model',
      details: [{ field: 'commands[2].modelId' }],
    });
  });
});
