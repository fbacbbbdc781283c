import {
  ValidationError as ClassValidatorError,
  ValidationPipe,
} from '@nestjs/common';
import { FieldProblem, ValidationError } from '../domain/domain-error';

/**
 * Creates the validation pipe of every route: unknown fields are rejected, values
 * are converted to the DTO types, and each failing field becomes one detail.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ValidationError('request.invalid', flattenErrors(errors)),
  });
}

function flattenErrors(
  errors: ClassValidatorError[],
  prefix = '',
): FieldProblem[] {
  return errors.flatMap((error) => {
    const field =
      prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(new RegExp(`^${error.property} `), ''),
    }));

    return [...own, ...flattenErrors(error.children ?? [], field)];
  });
}
