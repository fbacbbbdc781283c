import { QueryFailedError } from 'typeorm';

interface DriverError {
  code?: string;
  constraint?: string;
}

function driverErrorOf(error: unknown): DriverError | undefined {
  if (error instanceof QueryFailedError)
    return error.driverError as DriverError;
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return error as DriverError;
  }

  return undefined;
}

/** Checks whether a query failed on the given unique constraint (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = driverErrorOf(error);

  return driverError?.code === '23505' && driverError.constraint === constraint;
}

// Errors that node-postgres 8 and pg-pool 3 raise without a code when a
// connection cannot be opened in time or drops while a query runs.
const CONNECTION_ERROR_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
];

/** Checks whether a query failed because the server or connection is unavailable. */
export function isConnectionError(error: unknown): boolean {
  const code = driverErrorOf(error)?.code ?? '';
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '57P01',
      '57P02',
      '57P03',
    ].includes(code) ||
    code.startsWith('08')
  ) {
    return true;
  }

  const message = error instanceof Error ? error.message : '';

  return CONNECTION_ERROR_MESSAGES.includes(message);
}

/**
 * Whether a query failed on a deadlock (SQLSTATE 40P01) or a serialization
 * failure (40001), which running its transaction again may not meet.
 */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = driverErrorOf(error)?.code;

  return code === '40P01' || code === '40001';
}
