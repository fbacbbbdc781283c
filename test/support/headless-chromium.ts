import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium package; .ci/run installs it when it is missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const chromiumIsInstalled = (): boolean => existsSync(CHROMIUM_PATH);

// Without the background-networking, component-update and sync flags,
// Chromium opens background connections at start, which a closed network
// refuses.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium on a fresh profile folder, removed on close.
 * Playwright passes the folder as --user-data-dir.
 */
export async function launchChromium(options: {
  locale: string;
  timezoneId: string;
}): Promise<HeadlessChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'usage-analytics-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: options.locale,
    timezoneId: options.timezoneId,
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
    acceptDownloads: true,
  });

  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
