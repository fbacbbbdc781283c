import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationError } from '../domain/domain-error';

// The 8-4-4-4-12 hex form. Version and variant digits are not checked,
// because PostgreSQL's uuid type accepts any 32 hex digits.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks that a string is a UUID in the hyphenated 8-4-4-4-12 hex form. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Validates a path parameter as a UUID and returns it in lower case. A
 * malformed id becomes a 400 naming the parameter, never a database cast
 * error. Usage: `@Param('orgId', new ParseUuidPipe('orgId')) orgId: string`.
 */
@Injectable()
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly parameterName: string) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUuid(value)) {
      throw ValidationError.forField(
        'request.invalid_uuid',
        this.parameterName,
        'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
      );
    }

    return value.toLowerCase();
  }
}
