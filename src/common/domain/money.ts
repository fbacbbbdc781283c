import Decimal from 'decimal.js';

/**
 * Decimal arithmetic for money. 60 significant digits hold any sum of
 * `numeric(38, 18)` costs exactly, so no amount ever passes through a float.
 */
export const Money = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
});
export type Money = InstanceType<typeof Money>;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Formats a decimal string from the database or a Money value without trailing zeros. */
export function formatAmount(value: string | Money): string {
  return new Money(value).toFixed();
}

/** Checks whether a string is a plain decimal number (no exponent, no sign but minus). */
export function isDecimalText(value: string): boolean {
  return DECIMAL_TEXT.test(value);
}

/** An amount in one currency, as returned by the API. */
export interface CurrencyAmount {
  currency: string;
  amount: string;
}
