import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ServiceMetrics } from './service-metrics';

/** Route label of requests that matched no route, such as 404s. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request under the /api prefix and /metrics (the paths Nest
 * mounts middleware on). The route label is the Express route pattern, so
 * ids in paths do not create new series.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ServiceMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stopTimer = this.metrics.httpRequestDuration.startTimer();
    // Nest mounts this middleware as an Express route, so until a
    // controller route matches, request.route is the middleware's own.
    const middlewareRoute: unknown = request.route;

    // 'close' also fires when the client disconnects before the end.
    response.once('close', () => {
      const route: unknown = request.route?.path;
      const matched =
        request.route !== middlewareRoute && typeof route === 'string';
      stopTimer({
        method: request.method,
        route: matched ? route : UNMATCHED_ROUTE,
        status_code: String(response.statusCode),
      });
    });
    next();
  }
}
