import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpRequestError } from './json-body.middleware';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Decodes the percent escapes of a URL component into bytes. */
function percentDecodedBytes(component: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < component.length; index += 1) {
    const escape = component.slice(index + 1, index + 3);
    if (component[index] === '%' && /^[0-9A-Fa-f]{2}$/.test(escape)) {
      bytes.push(parseInt(escape, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(component[index], 'utf8'));
    }
  }

  return Buffer.from(bytes);
}

function isUtf8(component: string): boolean {
  // Without an escape the bytes are the UTF-8 encoding of the string itself.
  if (!component.includes('%')) return true;

  try {
    strictUtf8.decode(percentDecodedBytes(component));
    return true;
  } catch {
    return false;
  }
}

/**
 * Re-encodes a path segment whose escapes are not UTF-8 with U+FFFD in
 * place of the bad bytes, as the query parser decodes them, so the route's
 * parameter pipe rejects the value and names the parameter. Express would
 * otherwise respond 400 without the error body.
 */
function repairSegment(segment: string): string {
  if (isUtf8(segment)) return segment;

  return encodeURIComponent(lenientUtf8.decode(percentDecodedBytes(segment)));
}

/** Finds the first query parameter whose value is not percent-encoded UTF-8. */
function invalidQueryParameter(query: string): string | undefined {
  for (const pair of query.split('&')) {
    const [rawName, ...rest] = pair.split('=');
    const value = rest.join('=').replace(/\+/g, ' ');
    if (!isUtf8(rawName) || !isUtf8(value)) {
      return lenientUtf8.decode(percentDecodedBytes(rawName));
    }
  }

  return undefined;
}

/**
 * Rejects a query parameter whose percent-encoded bytes are not UTF-8,
 * such as `%FF` or `%C3%28`, with a 400 that names it, before the lenient
 * query parser turns the bytes into U+FFFD characters.
 */
export function urlEncodingMiddleware(): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const [path, ...queryParts] = request.url.split('?');
    const query = queryParts.join('?');
    const parameter = query === '' ? undefined : invalidQueryParameter(query);
    if (parameter !== undefined) {
      next(
        new HttpRequestError(400, 'The query string is not valid UTF-8', [
          {
            field: parameter,
            message:
              'must be percent-encoded UTF-8; bytes such as %FF are not text',
          },
        ]),
      );
      return;
    }

    const repaired = path.split('/').map(repairSegment).join('/');
    if (repaired !== path) {
      request.url = query === '' ? repaired : `${repaired}?${query}`;
    }
    next();
  };
}
