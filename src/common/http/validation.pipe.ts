import {
  ValidationError as ClassValidatorError,
  ValidationPipe,
} from '@nestjs/common';
import { FieldProblem, ValidationError } from '../domain/domain-error';

/**
 * The message of a query parameter given more than once, or a list in a
 * JSON body, in place of the field's own checks.
 */
export const REPEATED_PARAMETER_MESSAGE =
  'must be a single value, not a list or a repeated parameter';

/**
 * Creates the validation pipe of every route: unknown fields are rejected, values
 * are converted to the DTO types, and each failing field becomes one detail.
 * No DTO takes a list, so a query key given twice, which Express passes as
 * an array, is reported as repeated rather than as a value of the wrong form.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) =>
      new ValidationError('request.invalid', flattenErrors(errors)),
  });
}

function flattenErrors(
  errors: ClassValidatorError[],
  prefix = '',
): FieldProblem[] {
  return errors.flatMap((error) => {
    // A query string such as `?=x` has a key that is the empty string.
    const property = error.property === '' ? '(empty name)' : error.property;
    const field = prefix === '' ? property : `${prefix}.${property}`;
    const constraints = error.constraints ?? {};
    const repeated =
      Array.isArray(error.value) && !('whitelistValidation' in constraints);
    const own = repeated
      ? [{ field, message: REPEATED_PARAMETER_MESSAGE }]
      : Object.values(constraints).map((message) => ({
          field,
          message:
            error.property === ''
              ? message.replace(/^property {2}/, '')
              : message.replace(new RegExp(`^${error.property} `), ''),
        }));

    return [...own, ...flattenErrors(error.children ?? [], field)];
  });
}
