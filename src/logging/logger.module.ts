import { DynamicModule, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AppSettings } from '../config/app-settings';

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

/** Pino logging: JSON in production, one readable line per entry in development. */
export function buildLoggerModule(settings: AppSettings): DynamicModule {
  return LoggerModule.forRoot({
    // Named wildcard, as the path-to-regexp of NestJS 11 requires.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: settings.logLevel,
      genReqId: requestIdOf,
      transport:
        settings.nodeEnv === 'development'
          ? {
              target: 'pino-pretty',
              options: { singleLine: true, colorize: true },
            }
          : undefined,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
        res: (response: { statusCode: number }) => ({
          statusCode: response.statusCode,
        }),
      },
      customLogLevel: (_request, response, error) =>
        error !== undefined || response.statusCode >= 500
          ? 'error'
          : response.statusCode >= 400
            ? 'warn'
            : 'info',
    },
  });
}
