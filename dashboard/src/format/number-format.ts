// Formatting for the browser's locale. `locale` is undefined in the page,
// which makes Intl use the browser's language; the specs pass one.

export function formatInteger(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/**
 * Formats a decimal string as money. Intl reads the string as an exact
 * decimal, so no float rounding happens before the currency's own rounding
 * for display (2 digits for USD). An unknown code shows the amount and code.
 */
export function formatMoney(
  amount: string,
  currency: string,
  locale?: string,
): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
    }).format(amount as Intl.StringNumericLiteral);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Formats a share given in percent with 2 decimals, such as 33.33. */
export function formatPercent(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 2,
  }).format(value / 100);
}

export function formatDateTime(
  iso: string,
  timeZone: string,
  locale?: string,
): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

export type BucketSize = 'hour' | 'day' | 'week' | 'month';

const HOUR_MS = 3_600_000;

/**
 * Infers the bucket size of a series from the gap between its first two
 * buckets. The service picks the size for `auto` and does not return it. A gap of 23 or 25 hours is a day across a DST change.
 */
export function bucketSizeOf(dates: string[]): BucketSize {
  if (dates.length < 2) return 'day';
  const gap = Date.parse(dates[1]) - Date.parse(dates[0]);
  if (gap < 2 * HOUR_MS) return 'hour';
  if (gap < 3 * 24 * HOUR_MS) return 'day';
  if (gap < 20 * 24 * HOUR_MS) return 'week';

  return 'month';
}

/** Formats a bucket start as an axis label: the hour, the day or the month. */
export function formatBucketLabel(
  date: string,
  size: BucketSize,
  timeZone: string,
  locale?: string,
): string {
  const options: Intl.DateTimeFormatOptions =
    size === 'hour'
      ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
      : size === 'month'
        ? { month: 'short', year: 'numeric' }
        : { month: 'short', day: 'numeric' };

  return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(
    new Date(date),
  );
}
