import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Level, Logger } from 'pino';

const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes the caller's X-Request-Id when it is a plain token, else generates
 * one, and returns it in the response header so logs and errors line up.
 */
export function requestIdOf(
  request: IncomingMessage,
  response: ServerResponse,
): string {
  const header = request.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(header) ? header[0] : header;
  const requestId =
    candidate !== undefined && ACCEPTED_REQUEST_ID.test(candidate)
      ? candidate
      : randomUUID();
  response.setHeader('X-Request-Id', requestId);

  return requestId;
}

function levelOf(statusCode: number): Level {
  if (statusCode >= 500) return 'error';

  return statusCode >= 400 ? 'warn' : 'info';
}

/**
 * Gives each request its id (`req.id`, the X-Request-Id header) and logs
 * one line when the response closes. This is the part of pino-http that
 * the service used, without its per-request child logger. The line is
 * built only when its level is enabled, so a request below the log level
 * costs no serialization or redaction.
 */
export function requestLogMiddleware(logger: Logger): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const startedAt = Date.now();
    const id = requestIdOf(request, response);
    Object.assign(request, { id });

    // 'close' follows 'finish', and also fires when the client disconnects first.
    response.once('close', () => {
      const level = levelOf(response.statusCode);
      if (!logger.isLevelEnabled(level)) return;

      const fields = {
        req: { id, method: request.method, url: request.originalUrl },
        res: { statusCode: response.statusCode },
        responseTime: Date.now() - startedAt,
      };
      if (!response.writableFinished) {
        logger[level](fields, 'request aborted');
      } else if (level === 'error') {
        logger[level](fields, 'request errored');
      } else {
        logger[level](fields, 'request completed');
      }
    });
    next();
  };
}
