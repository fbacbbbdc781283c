import { ValidationError } from '../../../common/domain/domain-error';

export const UsageQueryErrorCode = {
  invalidQuery: 'usage.invalid_query',
} as const;

/** A dashboard query parameter that breaks a rule, named in the details. */
export class InvalidUsageQueryError extends ValidationError {
  constructor(field: string, message: string) {
    super(UsageQueryErrorCode.invalidQuery, [{ field, message }]);
  }
}
