import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardDirectory } from '../../src/dashboard/dashboard-directory';

const PROJECT_ROOT = join(__dirname, '..', '..');
const SOURCE_DIRECTORY = join(PROJECT_ROOT, 'dashboard');

function newestModification(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    const modified = entry.isDirectory()
      ? newestModification(path)
      : statSync(path).mtimeMs;
    newest = Math.max(newest, modified);
  }

  return newest;
}

function builtAt(indexFile: string): number | null {
  try {
    return statSync(indexFile).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Builds the dashboard into dist/dashboard when it is missing or older than
 * a file under dashboard/, so the tests never run a stale page. The Vite
 * build takes about 2 seconds.
 */
export function ensureDashboardBuilt(): void {
  const built = builtAt(join(dashboardDirectory(), 'index.html'));
  if (built !== null && built >= newestModification(SOURCE_DIRECTORY)) return;

  execFileSync(
    process.execPath,
    [
      join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(SOURCE_DIRECTORY, 'vite.config.mts'),
      '--logLevel',
      'warn',
    ],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}
