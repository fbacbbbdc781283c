import { DomainError } from './domain-error';

/**
 * A count or sum above Number.MAX_SAFE_INTEGER, which JSON clients cannot
 * read exactly. Collection keeps each record's tokens within that limit,
 * so a sum over fewer records, from a shorter range or a filter, fits.
 */
export class UnsafeIntegerError extends DomainError {
  constructor(value: string) {
    super(
      'query.unsafe_integer',
      'unrepresentable',
      `A count or sum of this query, ${value}, is above ${Number.MAX_SAFE_INTEGER}, ` +
        'the largest integer that JSON clients read exactly. ' +
        'Choose a shorter range or a filter',
    );
  }
}

/**
 * Converts a bigint column or count (node-postgres returns them as strings)
 * to a number. Throws UnsafeIntegerError when it is not a safe integer,
 * instead of rounding.
 */
export function toSafeInteger(value: string | number | bigint | null): number {
  if (value === null) return 0;

  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(parsed)) {
    throw new UnsafeIntegerError(String(value));
  }

  return parsed;
}
