import { differingDraftFields, UsageDraft } from '../domain/usage-draft';
import {
  UsageCollectionStoppedError,
  UsageStorageUnavailableError,
} from '../domain/usage.errors';
import {
  UsageDraftOutcome,
  UsageRecordRepository,
} from './ports/usage-record.repository';

export interface GroupCommitOptions {
  /** Maximum number of distinct request ids in one insert statement. */
  maxBatchSize: number;
  /** Maximum number of insert statements running at once, each on its own connection. */
  maxBatchesInFlight: number;
}

export const DEFAULT_GROUP_COMMIT_OPTIONS: GroupCommitOptions = {
  maxBatchSize: 1000,
  maxBatchesInFlight: 2,
};

interface PendingDraft {
  draft: UsageDraft;
  resolve(outcome: UsageDraftOutcome): void;
  reject(error: unknown): void;
}

/**
 * The drafts of one request id in a batch: the first is stored and the
 * repeats, which have the same content, share its outcome.
 */
interface DraftGroup {
  /** Organization and request id, as keyOf gives them. */
  key: string;
  members: PendingDraft[];
  settled: boolean;
}

const keyOf = (draft: UsageDraft) =>
  `${draft.organizationId} ${draft.requestId}`;

/**
 * Coalesces concurrent collections into multi-row inserts. A draft waits
 * for the end of the current event-loop turn, and longer only while
 * maxBatchesInFlight inserts are running. What is queued by then is split
 * evenly between the inserts that may start, so a lone caller waits for no
 * timer and several backends of PostgreSQL work at once.
 * Every promise settles only after the insert of its draft committed or
 * failed. A failure that is not an unreachable database is narrowed down
 * by storing each half of the batch apart, so one bad draft rejects alone.
 */
export class UsageGroupCommit {
  private queue: PendingDraft[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Keys of the request ids in the inserts in flight. */
  private readonly inFlightKeys = new Set<string>();
  private stopped = false;
  private startScheduled = false;

  constructor(
    private readonly records: UsageRecordRepository,
    private readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT_OPTIONS,
  ) {}

  /** Stores a valid, normalized draft with the drafts queued beside it. */
  submit(draft: UsageDraft): Promise<UsageDraftOutcome> {
    if (this.stopped) return Promise.reject(new UsageCollectionStoppedError());

    return new Promise((resolve, reject) => {
      this.queue.push({ draft, resolve, reject });
      this.scheduleBatches();
    });
  }

  /** Stores what is queued while requests in flight may still collect. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  /** Rejects new drafts, then stores what is still queued. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.startBatches();
      await Promise.all(this.inFlight);
    }
  }

  /**
   * Starts batches once the current turn of the event loop ends, so every
   * call made in this turn, such as the callers that the last commit
   * resolved, joins the same batch. The wait is one turn, not a timer.
   */
  private scheduleBatches(): void {
    if (this.startScheduled) return;
    this.startScheduled = true;

    setImmediate(() => {
      this.startScheduled = false;
      this.startBatches();
    });
  }

  /**
   * Starts inserts on the free connections, with an even share of the
   * queue each. Callers that one commit resolves return together, so a
   * batch that took the whole queue would carry all of them in one insert
   * while the other connections stay idle.
   */
  private startBatches(): void {
    while (
      this.queue.length > 0 &&
      this.inFlight.size < this.options.maxBatchesInFlight
    ) {
      const free = this.options.maxBatchesInFlight - this.inFlight.size;
      const share = Math.ceil(this.queue.length / free);
      const batch = this.takeBatch(Math.min(share, this.options.maxBatchSize));
      // Everything queued repeats a request id in flight: the end of that
      // insert schedules the next batch.
      if (batch.length === 0) return;

      for (const group of batch) this.inFlightKeys.add(group.key);
      const commit: Promise<void> = this.commit(batch).finally(() => {
        for (const group of batch) this.inFlightKeys.delete(group.key);
        this.inFlight.delete(commit);
        this.scheduleBatches();
      });
      this.inFlight.add(commit);
    }
  }

  /**
   * Takes up to `limit` request ids from the head of the queue. A
   * repeat that differs from the first draft of its request id stays
   * queued, so a later batch compares it with whatever got stored. So does
   * a draft whose request id is in an insert in flight: two inserts of one
   * key would race, and the later call could be stored in place of the
   * earlier one.
   */
  private takeBatch(limit: number): DraftGroup[] {
    const groups = new Map<string, DraftGroup>();
    const deferred: PendingDraft[] = [];

    for (const [index, pending] of this.queue.entries()) {
      const key = keyOf(pending.draft);
      if (this.inFlightKeys.has(key)) {
        deferred.push(pending);
        continue;
      }

      const group = groups.get(key);
      if (group === undefined) {
        if (groups.size === limit) {
          deferred.push(...this.queue.slice(index));
          break;
        }
        groups.set(key, { key, members: [pending], settled: false });
      } else if (isRepeatOf(group, pending)) {
        group.members.push(pending);
      } else {
        deferred.push(pending);
      }
    }

    this.queue = deferred;

    return [...groups.values()];
  }

  /** Stores a batch and settles every caller in it. The promise never rejects. */
  private async commit(groups: DraftGroup[]): Promise<void> {
    try {
      await this.storeIsolating(groups);
    } catch (error) {
      for (const group of groups) rejectGroup(group, error);
    }
  }

  /**
   * Stores the groups in one statement. When it fails for a reason other
   * than an unreachable database, stores each half apart, so only the
   * groups whose own insert fails reject with the error.
   */
  private async storeIsolating(groups: DraftGroup[]): Promise<void> {
    let outcomes: UsageDraftOutcome[];
    try {
      outcomes = await this.records.storeEach(
        groups.map((group) => group.members[0].draft),
      );
    } catch (error) {
      if (error instanceof UsageStorageUnavailableError) throw error;
      if (groups.length === 1) return rejectGroup(groups[0], error);

      // NOTE: when every draft fails alike, bisecting costs 2n - 1
      // statements for n request ids before every caller is rejected.
      const middle = Math.ceil(groups.length / 2);
      await this.storeIsolating(groups.slice(0, middle));
      await this.storeIsolating(groups.slice(middle));
      return;
    }

    groups.forEach((group, index) => resolveGroup(group, outcomes[index]));
  }
}

function isRepeatOf(group: DraftGroup, pending: PendingDraft): boolean {
  return (
    differingDraftFields(group.members[0].draft, pending.draft).length === 0
  );
}

function resolveGroup(group: DraftGroup, outcome: UsageDraftOutcome): void {
  if (group.settled) return;
  group.settled = true;

  const [first, ...repeats] = group.members;
  first.resolve(outcome);
  const repeatOutcome =
    outcome.kind === 'stored' ? { ...outcome, created: false } : outcome;
  for (const repeat of repeats) repeat.resolve(repeatOutcome);
}

function rejectGroup(group: DraftGroup, error: unknown): void {
  if (group.settled) return;
  group.settled = true;

  for (const member of group.members) member.reject(error);
}
