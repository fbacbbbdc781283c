import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';
import type { ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { dashboardDirectory } from './dashboard-directory';

export const DASHBOARD_PATH = '/dashboard';

// Vite names every file under assets/ after a hash of its content, so a
// browser may keep one for good. index.html names the current assets, so
// the browser revalidates it on every load.
function cacheHeaders(directory: string) {
  return (response: ServerResponse, filePath: string): void => {
    const hashed = relative(directory, filePath).startsWith(`assets${sep}`);
    response.setHeader(
      'Cache-Control',
      hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
  };
}

/**
 * Serves the built browser dashboard at /dashboard, outside the /api
 * prefix. The page is public; its data comes from the API with the token
 * of the user who signs in on it.
 */
@Module({})
export class DashboardModule implements OnModuleInit {
  private readonly logger = new Logger(DashboardModule.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  // NOTE: nest build empties dist/, dist/dashboard included, because
  // nest-cli.json sets deleteOutDir. A script that runs only nest build
  // (import, migration:run) while the service runs makes /dashboard return
  // 404 until npm run build:dashboard runs again.
  onModuleInit(): void {
    // The import and migrate commands run an application context, which
    // has no HTTP adapter and serves nothing.
    if (!this.adapterHost.httpAdapter) return;

    const directory = dashboardDirectory();
    if (!existsSync(join(directory, 'index.html'))) {
      this.logger.warn(
        `Dashboard not served: ${join(directory, 'index.html')} is missing; run npm run build:dashboard`,
      );
      return;
    }

    const app = this.adapterHost.httpAdapter.getInstance<express.Express>();
    app.use(
      DASHBOARD_PATH,
      express.static(directory, {
        index: 'index.html',
        fallthrough: true,
        setHeaders: cacheHeaders(directory),
      }),
    );
    this.logger.log(
      `Serving the dashboard from ${directory} at ${DASHBOARD_PATH}`,
    );
  }
}
