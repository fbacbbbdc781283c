import { Logger } from '@nestjs/common';
import {
  FoldPendingUsageJob,
  MAX_RECORDS_PER_FOLD,
} from './fold-pending-usage.job';
import { PendingUsageFolder } from '../application/ports/pending-usage.folder';

/** Returns the scripted results in order and then 0, and throws an Error result. */
class ScriptedFolder extends PendingUsageFolder {
  calls = 0;

  constructor(private readonly results: (number | Error)[]) {
    super();
  }

  fold(maxRecords: number): Promise<number> {
    expect(maxRecords).toBe(MAX_RECORDS_PER_FOLD);
    const result = this.results[this.calls] ?? 0;
    this.calls += 1;

    return result instanceof Error
      ? Promise.reject(result)
      : Promise.resolve(result);
  }
}

/** Waits up to two seconds until `check` returns true. */
async function eventually(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt++) {
    await new Promise((done) => setTimeout(done, 10));
  }
  expect(check()).toBe(true);
}

describe('FoldPendingUsageJob', () => {
  afterEach(() => jest.restoreAllMocks());

  it('folds again at once after a full fold', async () => {
    const folder = new ScriptedFolder([
      MAX_RECORDS_PER_FOLD,
      MAX_RECORDS_PER_FOLD,
      7,
    ]);
    const job = new FoldPendingUsageJob(folder, {
      rollupFoldIntervalMs: 3_600_000,
    });

    job.onApplicationBootstrap();
    await eventually(() => folder.calls === 3);
    await new Promise((done) => setTimeout(done, 50));

    // The third fold was not full, so the job pauses for the hour.
    expect(folder.calls).toBe(3);
    await job.onApplicationShutdown();
    expect(folder.calls).toBe(3);
  });

  it('logs a failed fold and retries after the pause', async () => {
    const warn = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    const folder = new ScriptedFolder([new Error('deadlock detected'), 5]);
    const job = new FoldPendingUsageJob(folder, { rollupFoldIntervalMs: 20 });

    job.onApplicationBootstrap();
    await eventually(() => folder.calls >= 2);
    await job.onApplicationShutdown();

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      'Folding pending usage into the rollups failed, so its records stay pending until the next fold retries them in 20 ms: deadlock detected',
    );
  });

  it('runs no folds with a pause of 0', async () => {
    const folder = new ScriptedFolder([]);
    const job = new FoldPendingUsageJob(folder, { rollupFoldIntervalMs: 0 });

    job.onApplicationBootstrap();
    await new Promise((done) => setTimeout(done, 50));
    await job.onApplicationShutdown();

    expect(folder.calls).toBe(0);
  });
});
