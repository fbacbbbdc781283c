import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Returns the folder `npm run build:dashboard` writes: dist/dashboard under the
 * project root. The root is the nearest folder with a package.json above
 * this file, which works from src/ under ts-jest and from dist/src/ alike.
 */
export function dashboardDirectory(from: string = __dirname): string {
  let folder = from;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(`No package.json found above ${from}`);
    }
    folder = parent;
  }

  return join(folder, 'dist', 'dashboard');
}
