import { DateTime, FixedOffsetZone, Zone } from 'luxon';
import { InvalidUsageQueryError } from './usage-query.errors';

/** A half-open interval of instants: `start` included, `end` excluded. */
export interface UsageRange {
  start: Date;
  end: Date;
}

export const MAX_RANGE_DAYS = 730;
const DAY_MS = 86_400_000;

export const DATE_PARAMETER_HINT =
  'must be an ISO 8601 date such as 2026-03-01 or a date-time such as 2026-03-01T10:00:00.123+01:00, with at most 3 fraction digits and an offset of Z or ±HH:MM';

// A date, or a date-time to the minute, second or millisecond, with an
// optional Z or ±HH:MM offset. Groups: year, month, day, hour, minute,
// second, fraction, offset.
const ISO_DATE_OR_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Checks that a string has the shape of a date or date-time parameter. */
export function isDateParameter(text: string): boolean {
  return ISO_DATE_OR_DATE_TIME.test(text);
}

interface ParsedDate {
  instant: DateTime;
  dateOnly: boolean;
}

/**
 * Parses a date or date-time parameter. A date, or a date-time without an
 * offset, is wall-clock time in `timeZone`. A local time that a
 * daylight-saving change skips moves forward by the gap, as luxon does.
 * A date-time that occurs twice is its later occurrence, as in
 * PostgreSQL, and a date is the first instant of that local day.
 */
export function parseDateParameter(
  field: string,
  text: string,
  timeZone: string,
): ParsedDate {
  const match = ISO_DATE_OR_DATE_TIME.exec(text);
  const zone = match === null ? null : zoneOf(match[8], timeZone);
  if (match === null || zone === null) {
    throw new InvalidUsageQueryError(field, DATE_PARAMETER_HINT);
  }

  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => (part === undefined ? 0 : Number(part)));
  // ISO 8601 reads year 0000 as 1 BC. Ranges before year 1 would reach
  // negative years in UTC, which file names and labels do not format.
  if (year === 0) {
    throw new InvalidUsageQueryError(
      field,
      `${text} is in the year 0000, and dates must be in the years 0001 to 9999`,
    );
  }
  const millisecond = Number((match[7] ?? '').padEnd(3, '0'));
  const instant = DateTime.fromObject(
    { year, month, day, hour, minute, second, millisecond },
    { zone },
  );
  // luxon reads hour 24 as midnight of the next day; ISO 8601-1:2019 drops it.
  if (!instant.isValid || hour > 23) {
    throw new InvalidUsageQueryError(
      field,
      `${text} is not a real date or time; ${DATE_PARAMETER_HINT}`,
    );
  }

  const dateOnly = match[4] === undefined;
  if (match[8] !== undefined) return { instant, dateOnly };

  return {
    instant: dateOnly ? earliestOccurrence(instant) : latestOccurrence(instant),
    dateOnly,
  };
}

// The clock changes of the tz database move clocks back by 30 minutes
// (Australia/Lord_Howe), an hour, or two hours (Antarctica/Troll).
const CLOCK_CHANGES_MS = [30, 60, 120].map((minutes) => minutes * 60_000);
const NEAR_CHANGE_MS = 2 * 3_600_000;

/**
 * Checks whether the offset of the instant's zone differs two hours before
 * and after it, which assumes that no zone changes its offset twice
 * within four hours.
 */
function nearClockChange(instant: DateTime): boolean {
  if (instant.zone.isUniversal) return false;

  const at = instant.toMillis();

  return (
    instant.zone.offset(at - NEAR_CHANGE_MS) !==
    instant.zone.offset(at + NEAR_CHANGE_MS)
  );
}

function sameWallClock(a: DateTime, b: DateTime): boolean {
  return (
    a.toFormat('yyyy-MM-dd HH:mm:ss.SSS') ===
    b.toFormat('yyyy-MM-dd HH:mm:ss.SSS')
  );
}

/**
 * Returns the latest (direction 1) or earliest (direction -1) instant at
 * which the wall-clock time of `instant` occurs. luxon picks either
 * occurrence of a repeated time, depending on the zone: the later in
 * Europe/Berlin, the earlier in Australia/Lord_Howe.
 */
function outermostOccurrence(instant: DateTime, direction: 1 | -1): DateTime {
  if (!nearClockChange(instant)) return instant;

  let outermost = instant;
  for (const change of CLOCK_CHANGES_MS) {
    const candidate = instant.plus({ milliseconds: direction * change });
    if (sameWallClock(candidate, instant)) outermost = candidate;
  }

  return outermost;
}

const latestOccurrence = (instant: DateTime) => outermostOccurrence(instant, 1);
const earliestOccurrence = (instant: DateTime) =>
  outermostOccurrence(instant, -1);

function zoneOf(
  offset: string | undefined,
  timeZone: string,
): Zone | string | null {
  if (offset === undefined) return timeZone;
  if (offset === 'Z') return FixedOffsetZone.utcInstance;

  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;

  const sign = offset.startsWith('-') ? -1 : 1;

  return FixedOffsetZone.instance(sign * (hours * 60 + minutes));
}

/**
 * Resolves `startDate` and `endDate` to a range, or null when both are
 * absent (all time). A date-only `endDate` includes that whole day in
 * `timeZone`; a date-time `endDate` is the exclusive end.
 */
export function resolveUsageRange(
  parameters: { startDate?: string; endDate?: string },
  timeZone: string,
): UsageRange | null {
  const { startDate, endDate } = parameters;
  if (startDate === undefined && endDate === undefined) return null;
  if (startDate === undefined) {
    throw new InvalidUsageQueryError(
      'startDate',
      'is required when endDate is given',
    );
  }
  if (endDate === undefined) {
    throw new InvalidUsageQueryError(
      'endDate',
      'is required when startDate is given',
    );
  }

  const start = parseDateParameter('startDate', startDate, timeZone).instant;
  const parsedEnd = parseDateParameter('endDate', endDate, timeZone);
  const end = parsedEnd.dateOnly
    ? earliestOccurrence(parsedEnd.instant.plus({ days: 1 }))
    : parsedEnd.instant;
  checkRangeOrder(start, end, parsedEnd.dateOnly);
  // The limit is on the days between the two values as given, so a
  // date-only endDate 730 days after startDate covers 731 days.
  checkRangeLength(
    start.setZone(timeZone),
    parsedEnd.instant.setZone(timeZone),
  );

  return { start: start.toJSDate(), end: end.toJSDate() };
}

// A date-time end equal to the start gives an empty range, but a date-only
// end on the day before the start does not become one.
function checkRangeOrder(
  start: DateTime,
  end: DateTime,
  endIsDateOnly: boolean,
): void {
  if (end < start || (endIsDateOnly && end.equals(start))) {
    throw new InvalidUsageQueryError('endDate', 'must not be before startDate');
  }
}

function checkRangeLength(start: DateTime, end: DateTime): void {
  // The offsets of one zone differ by at most 26 hours (UTC-12 to UTC+14).
  // A range two days shorter than the limit in real time is therefore within
  // it, so the costly calendar diff runs only near the limit.
  if (end.toMillis() - start.toMillis() < (MAX_RANGE_DAYS - 2) * DAY_MS) {
    return;
  }

  // Calendar days in the zone, so a range over a daylight-saving change
  // counts that day as one day whether it has 23 or 25 hours.
  if (end.diff(start, 'days').days > MAX_RANGE_DAYS) {
    throw new InvalidUsageQueryError(
      'endDate',
      `must be at most ${MAX_RANGE_DAYS} days after startDate`,
    );
  }
}
