import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { FieldProblem } from '../domain/domain-error';

/** A request the HTTP layer rejects before any route runs. */
export class HttpRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldProblem[],
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}

/**
 * Largest accepted JSON body. A run's input of up to 100,000 characters
 * takes up to 600 kB of JSON, because a control character is escaped as
 * the six bytes of \u0000.
 */
export const JSON_BODY_LIMIT = '1mb';

/**
 * Deepest nesting of objects and arrays accepted in a body. No route
 * takes more than three levels, and the validation pipe walks a body
 * recursively, so a body nested a few thousand levels deep overflowed
 * the call stack there.
 */
export const MAX_JSON_DEPTH = 32;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

interface BodyParserError {
  type?: string;
  /** The text that failed to parse, for a parse failure. */
  body?: string;
}

/** Builds the error of a body that is valid JSON but not an object. */
const notAnObjectError = () =>
  new HttpRequestError(400, 'The request body must be a JSON object', [
    {
      field: 'body',
      message: 'must be a JSON object such as {"name": "value"}',
    },
  ]);

/**
 * Parses JSON bodies in place of Nest's built-in parser, so a malformed
 * body, a body that is too large or a body of another content type gets the
 * project's error body with a field detail instead of the parser's message.
 * Every route takes an object, so valid JSON of another kind (an array,
 * null, a number or a string) is rejected with its own message.
 */
export function jsonBodyMiddleware(): RequestHandler {
  const parse = json({ limit: JSON_BODY_LIMIT });

  return (request: Request, response: Response, next: NextFunction) => {
    if (METHODS_WITH_BODY.has(request.method) && hasBody(request)) {
      if (!request.is('application/json')) {
        next(
          new HttpRequestError(415, 'The request body must be JSON', [
            { field: 'Content-Type', message: 'must be application/json' },
          ]),
        );
        return;
      }
    }

    parse(request, response, (error?: unknown) => {
      if (error !== undefined) {
        next(toRequestError(error));
        return;
      }
      if (Array.isArray(request.body)) {
        next(notAnObjectError());
        return;
      }
      if (nestsDeeperThan(request.body, MAX_JSON_DEPTH)) {
        next(
          new HttpRequestError(400, 'The request body is nested too deeply', [
            {
              field: 'body',
              message: `must nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep`,
            },
          ]),
        );
        return;
      }
      next();
    });
  };
}

/** Checks, without recursion, whether objects and arrays nest deeper than `limit` levels. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [node: unknown, depth: number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;

    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }

  return false;
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];

  return (
    request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && length !== '0')
  );
}

/** Checks whether a text is valid JSON, which the parser's strict mode rejects unless it is an object or array. */
function isJson(text: string | undefined): boolean {
  if (text === undefined) return false;

  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function toRequestError(error: unknown): HttpRequestError {
  const { type, body } = error as BodyParserError;
  if (type === 'entity.parse.failed' && isJson(body)) return notAnObjectError();

  switch (type) {
    case 'entity.too.large':
      return new HttpRequestError(413, 'The request body is too large', [
        { field: 'body', message: `must be at most ${JSON_BODY_LIMIT}` },
      ]);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new HttpRequestError(
        415,
        'The request body encoding is not supported',
        [
          {
            field: 'body',
            message: 'must be UTF-8 JSON without content encoding',
          },
        ],
      );
    default:
      return new HttpRequestError(400, 'The request body is not valid JSON', [
        {
          field: 'body',
          message: 'must be valid JSON, such as {"name": "value"}',
        },
      ]);
  }
}
