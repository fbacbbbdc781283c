/**
 * The kinds of failure a use case reports. The HTTP layer maps each kind to
 * one status in a single exhaustive switch.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unrepresentable'
  | 'rate_limited'
  | 'unavailable'
  | 'upstream_failed';

export interface FieldProblem {
  field: string;
  message: string;
}

/** A failure with a stable code, such as `usage.unknown_model`. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; each detail names a field and its fix. */
export class ValidationError extends DomainError {
  constructor(code: string, details: FieldProblem[]) {
    super(
      code,
      'invalid',
      details.map((d) => `${d.field}: ${d.message}`).join('; '),
      details,
    );
  }

  static forField(
    code: string,
    field: string,
    message: string,
  ): ValidationError {
    return new ValidationError(code, [{ field, message }]);
  }
}
