import { ValidateBy, ValidationArguments } from 'class-validator';

/** A provider slug, as the models table checks it. */
export const PROVIDER_SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * A price per million tokens as numeric(24, 12) stores it: at most 12
 * digits before and 12 after the point, no sign, no exponent.
 */
const PRICE_TEXT = /^\d{1,12}(\.\d{1,12})?$/;

const CURRENCY_CODE = /^[A-Z]{3}$/;
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function missingOr(message: string, args?: ValidationArguments): string {
  return args?.value === undefined ? `is required and ${message}` : message;
}

/** Validates a string of 1 to `max` characters that does not start or end with whitespace. */
export function IsTrimmedText(max: number): PropertyDecorator {
  const message = `must be a string of 1 to ${max} characters without leading or trailing whitespace`;

  return ValidateBy({
    name: 'isTrimmedText',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        value.length >= 1 &&
        value.length <= max &&
        value.trim() === value,
      defaultMessage: (args?: ValidationArguments) => missingOr(message, args),
    },
  });
}

export function IsProviderSlug(): PropertyDecorator {
  const message =
    'must be a lower-case slug of 1 to 64 letters, digits, dots, hyphens or underscores that starts with a letter or digit, such as openai';

  return ValidateBy({
    name: 'isProviderSlug',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && PROVIDER_SLUG.test(value),
      defaultMessage: (args?: ValidationArguments) => missingOr(message, args),
    },
  });
}

/** Validates an upper-case ISO 4217 code listed by `Intl.supportedValuesOf('currency')`. */
export function IsCurrencyCode(): PropertyDecorator {
  return ValidateBy({
    name: 'isCurrencyCode',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        CURRENCY_CODE.test(value) &&
        KNOWN_CURRENCIES.has(value),
      defaultMessage: (args?: ValidationArguments) =>
        typeof args?.value === 'string' && CURRENCY_CODE.test(args.value)
          ? `${args.value} is not a known ISO 4217 currency code; use one such as USD or EUR`
          : missingOr(
              'must be an upper-case ISO 4217 currency code such as USD or EUR',
              args,
            ),
    },
  });
}

function describePriceProblem(value: unknown): string {
  if (typeof value === 'number') {
    return 'must be a JSON string such as "2.5", not a number, so that the price never passes through a float';
  }
  if (typeof value === 'string' && value.trim().startsWith('-')) {
    return 'must not be negative';
  }

  return 'must be a decimal string with at most 12 digits before and 12 after the point and no exponent, such as "2.5" or "0.15"';
}

/** Validates a price per million tokens sent as a JSON string of a plain decimal. */
export function IsPriceText(): PropertyDecorator {
  return ValidateBy({
    name: 'isPriceText',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && PRICE_TEXT.test(value),
      defaultMessage: (args?: ValidationArguments) =>
        describePriceProblem(args?.value),
    },
  });
}
