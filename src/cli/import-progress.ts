import { SingleBar } from 'cli-progress';
import { ImportProgress } from '../modules/usage/application/import-usage-trace.command';
import { printLine } from './cli-runtime';

const LOG_EVERY_ROWS = 100_000;

/** Shows import progress: a bar on a terminal, else a log line every 100,000 rows. */
export class ImportProgressReporter {
  private readonly bar: SingleBar | undefined;
  private bytesRead = 0;
  private nextLogAt = LOG_EVERY_ROWS;

  constructor(totalBytes: number, interactive: boolean) {
    if (!interactive) return;

    this.bar = new SingleBar({
      format:
        'Importing [{bar}] {percentage}% | {rowsRead} rows | {imported} imported | {alreadyPresent} already present | {malformed} malformed',
      hideCursor: true,
    });
    this.bar.start(Math.max(totalBytes, 1), 0, emptyPayload());
  }

  addBytes(bytes: number): void {
    this.bytesRead += bytes;
  }

  update(progress: ImportProgress): void {
    if (this.bar !== undefined) {
      this.bar.update(this.bytesRead, { ...progress });
      return;
    }
    if (progress.rowsRead < this.nextLogAt) return;

    this.nextLogAt += LOG_EVERY_ROWS;
    printLine(
      `Read ${progress.rowsRead} rows: ${progress.imported} imported, ${progress.alreadyPresent} already present, ${progress.malformed} malformed`,
    );
  }

  stop(): void {
    this.bar?.stop();
  }
}

function emptyPayload(): ImportProgress {
  return {
    rowsRead: 0,
    imported: 0,
    alreadyPresent: 0,
    malformed: 0,
    inputTokens: 0,
    outputTokens: 0,
  };
}
