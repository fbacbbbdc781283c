/** Parses a timestamptz text as node-postgres does by default. */
export type TimestamptzParser = (text: string) => Date | number | null;

// Layout of PostgreSQL's ISO output in UTC: 2026-03-01 00:00:00[.ffffff]+00
const UTC_SUFFIX = '+00';
const WHOLE_SECONDS_LENGTH = 22;
const FRACTION_START = 19;

/** Reads `count` ASCII digits from `start` as a number, or -1 if one is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }

  return value;
}

function hasSeparators(text: string): boolean {
  return (
    text[4] === '-' &&
    text[7] === '-' &&
    text[10] === ' ' &&
    text[13] === ':' &&
    text[16] === ':'
  );
}

/**
 * Wraps node-postgres's timestamptz parser with a fast path for the text a
 * session in UTC sends, such as `2026-03-01 00:00:00+00`. The fast path
 * builds the same Date from the same fields, milliseconds included. Any
 * other text (another offset, BC, infinity, a year before 1000) goes to
 * `fallback`. Time-series rows carry one timestamp each, which the
 * default parser reads with three regular expressions. Their rows come
 * sorted by bucket, one per provider, so the last text read is kept and a
 * repeat of it costs one comparison and a new Date.
 */
export function fastTimestamptzParser(
  fallback: TimestamptzParser,
): TimestamptzParser {
  let lastText = '';
  let lastTime = 0;

  return (text) => {
    if (text === lastText) return new Date(lastTime);

    const fractionEnd = text.length - UTC_SUFFIX.length;
    const fast =
      text.length >= WHOLE_SECONDS_LENGTH &&
      text.endsWith(UTC_SUFFIX) &&
      hasSeparators(text) &&
      (fractionEnd === FRACTION_START || text[FRACTION_START] === '.');
    if (!fast) return fallback(text);

    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    const hour = digitsAt(text, 11, 2);
    const minute = digitsAt(text, 14, 2);
    const second = digitsAt(text, 17, 2);
    const fractionDigits = fractionEnd - FRACTION_START - 1;
    const fraction =
      fractionDigits > 0
        ? digitsAt(text, FRACTION_START + 1, fractionDigits)
        : 0;
    if (
      year < 1000 ||
      month < 0 ||
      day < 0 ||
      hour < 0 ||
      minute < 0 ||
      second < 0 ||
      fraction < 0 ||
      fractionDigits === 0
    ) {
      return fallback(text);
    }

    // The same arithmetic as the default parser, so rounding matches too.
    const milliseconds =
      fractionDigits > 0
        ? 1000 * parseFloat(text.slice(FRACTION_START, fractionEnd))
        : 0;

    const date = new Date(
      Date.UTC(year, month - 1, day, hour, minute, second, milliseconds),
    );
    lastText = text;
    lastTime = date.getTime();

    return date;
  };
}
