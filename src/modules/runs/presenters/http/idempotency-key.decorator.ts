import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ValidationError } from '../../../../common/domain/domain-error';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** 1 to 255 printable ASCII characters, space included. */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/**
 * Reads an optional Idempotency-Key header; null when the header is absent.
 * Node joins repeated headers with ", ", which would turn two keys into a
 * third, so a header sent twice is rejected.
 */
export function idempotencyKeyOf(request: Request): string | null {
  const name = IDEMPOTENCY_KEY_HEADER.toLowerCase();
  if ((request.headersDistinct[name]?.length ?? 0) > 1) {
    throw ValidationError.forField(
      'request.invalid_idempotency_key',
      IDEMPOTENCY_KEY_HEADER,
      'must be sent once, not repeated',
    );
  }

  const value = request.headers[name];
  if (value === undefined) return null;
  if (typeof value === 'string' && IDEMPOTENCY_KEY.test(value)) return value;

  throw ValidationError.forField(
    'request.invalid_idempotency_key',
    IDEMPOTENCY_KEY_HEADER,
    'must be 1 to 255 printable ASCII characters, such as a UUID',
  );
}

/** The validated Idempotency-Key header of the request, or null. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | null =>
    idempotencyKeyOf(context.switchToHttp().getRequest<Request>()),
);
