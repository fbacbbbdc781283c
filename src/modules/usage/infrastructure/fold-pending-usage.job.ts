import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_SETTINGS, AppSettings } from '../../../config/app-settings';
import { PendingUsageFolder } from '../application/ports/pending-usage.folder';

/** Maximum number of records in one fold, which bounds its transaction. */
export const MAX_RECORDS_PER_FOLD = 50_000;

/**
 * Folds pending usage into the rollups in the background. It folds again
 * at once after a full fold, and after the configured pause otherwise. A
 * failed fold leaves its records pending, where the dashboards still
 * count them, and the next fold retries them.
 */
@Injectable()
export class FoldPendingUsageJob
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(FoldPendingUsageJob.name);
  private running: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly folder: PendingUsageFolder,
    @Inject(APP_SETTINGS)
    private readonly settings: Pick<AppSettings, 'rollupFoldIntervalMs'>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.rollupFoldIntervalMs === 0) return;
    this.running = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let folded = 0;
      try {
        folded = await this.folder.fold(MAX_RECORDS_PER_FOLD);
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn(
          `Folding pending usage into the rollups failed, so its records stay pending until the next fold retries them in ${this.settings.rollupFoldIntervalMs} ms: ${(error as Error).message}`,
        );
      }
      if (folded < MAX_RECORDS_PER_FOLD) await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.wake?.(),
        this.settings.rollupFoldIntervalMs,
      );
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
