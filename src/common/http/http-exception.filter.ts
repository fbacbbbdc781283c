import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError, ErrorKind, FieldProblem } from '../domain/domain-error';
import { ErrorBodyDto } from './error-body';
import { HttpRequestError } from './json-body.middleware';
import { requestIdOf } from '../../logging/request-log.middleware';
import { isConnectionError } from '../persistence/postgres-errors';

/** Maps each domain error kind to its HTTP status. */
export function statusOfKind(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'unrepresentable':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'upstream_failed':
      return HttpStatus.BAD_GATEWAY;
  }
}

/**
 * Turns every thrown error into the one error body. Unknown errors become
 * a 500 whose body carries only the request id; the cause goes to the log.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string }>();
    const response = context.getResponse<Response>();
    const { status, message, details } = this.describe(error, request);

    const body: ErrorBodyDto = {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message,
      details,
      path: request.originalUrl?.split('?')[0] ?? request.url,
      // Only a request that bypassed requestLogMiddleware lacks an id here.
      requestId: String(request.id ?? requestIdOf(request, response)),
    };

    const retryAfter = retryAfterSecondsOf(error);
    if (retryAfter !== undefined) {
      response.setHeader('Retry-After', String(retryAfter));
    }
    response.status(status).json(body);
  }

  private describe(
    error: unknown,
    request: Request & { id?: string },
  ): { status: number; message: string; details: FieldProblem[] } {
    if (error instanceof DomainError) {
      return {
        status: statusOfKind(error.kind),
        message: error.message,
        details: error.details,
      };
    }
    if (error instanceof HttpException) {
      return {
        status: error.getStatus(),
        message: messageOf(error),
        details: [],
      };
    }
    if (error instanceof HttpRequestError) {
      return {
        status: error.status,
        message: error.message,
        details: error.details,
      };
    }

    if (isConnectionError(error)) {
      this.logger.error(
        { err: error, requestId: request.id, path: request.originalUrl },
        'Database unreachable',
      );

      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        message: 'The database is unreachable; retry in a few seconds',
        details: [],
      };
    }

    this.logger.error(
      { err: error, requestId: request.id, path: request.originalUrl },
      'Unhandled error',
    );

    return { status: 500, message: 'Internal server error', details: [] };
  }
}

/** The Retry-After of a domain error that carries one, such as a login limit. */
function retryAfterSecondsOf(error: unknown): number | undefined {
  if (!(error instanceof DomainError) || error.kind !== 'rate_limited') {
    return undefined;
  }
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;

  return typeof seconds === 'number' ? seconds : undefined;
}

function messageOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;

  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');

  return typeof message === 'string' ? message : error.message;
}
