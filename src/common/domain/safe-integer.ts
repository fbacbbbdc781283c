/**
 * Converts a bigint column or count (node-postgres returns them as strings)
 * to a number, throwing when it is not a safe integer instead of rounding.
 */
export function toSafeInteger(value: string | number | bigint | null): number {
  if (value === null) return 0;

  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(parsed)) {
    throw new RangeError(`Count ${String(value)} is not a safe integer`);
  }

  return parsed;
}
