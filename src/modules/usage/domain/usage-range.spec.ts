import { InvalidUsageQueryError } from './usage-query.errors';
import { parseDateParameter, resolveUsageRange } from './usage-range';

function rangeOf(startDate: string, endDate: string, timeZone = 'UTC') {
  const range = resolveUsageRange({ startDate, endDate }, timeZone);

  return range && [range.start.toISOString(), range.end.toISOString()];
}

function problemOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidUsageQueryError) return error.details;
    throw error;
  }

  throw new Error('expected an InvalidUsageQueryError');
}

describe('resolveUsageRange', () => {
  it('returns null without dates', () => {
    expect(resolveUsageRange({}, 'UTC')).toBeNull();
  });

  it('includes the whole end date', () => {
    expect(rangeOf('2026-03-01', '2026-03-31')).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
  });

  it('reads dates in the time zone', () => {
    expect(rangeOf('2026-03-01', '2026-03-01', 'Europe/Berlin')).toEqual([
      '2026-02-28T23:00:00.000Z',
      '2026-03-01T23:00:00.000Z',
    ]);
  });

  it('gives the spring DST day 23 hours', () => {
    expect(rangeOf('2026-03-29', '2026-03-29', 'Europe/Berlin')).toEqual([
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
  });

  it('gives the autumn DST day 25 hours', () => {
    expect(rangeOf('2026-10-25', '2026-10-25', 'Europe/Berlin')).toEqual([
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
  });

  it('reads +05:30 and +05:45 zones', () => {
    expect(rangeOf('2026-03-01', '2026-03-01', 'Asia/Kolkata')).toEqual([
      '2026-02-28T18:30:00.000Z',
      '2026-03-01T18:30:00.000Z',
    ]);
    expect(rangeOf('2026-03-01', '2026-03-01', 'Asia/Kathmandu')).toEqual([
      '2026-02-28T18:15:00.000Z',
      '2026-03-01T18:15:00.000Z',
    ]);
  });

  it('excludes a date-time end', () => {
    expect(rangeOf('2026-03-01T10:00', '2026-03-01T12:30:15')).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T12:30:15.000Z',
    ]);
  });

  it('reads a date-time without offset in the zone', () => {
    expect(
      rangeOf('2026-03-01T10:00', '2026-03-01T11:00', 'Asia/Kolkata'),
    ).toEqual(['2026-03-01T04:30:00.000Z', '2026-03-01T05:30:00.000Z']);
  });

  it('honours Z and offsets over the zone', () => {
    expect(
      rangeOf(
        '2026-03-01T10:00:00Z',
        '2026-03-01T16:00:00.5+05:45',
        'Asia/Tokyo',
      ),
    ).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-01T10:15:00.500Z']);
  });

  it('accepts milliseconds', () => {
    expect(
      rangeOf('2026-03-01T00:00:00.123', '2026-03-01T00:00:00.124Z'),
    ).toEqual(['2026-03-01T00:00:00.123Z', '2026-03-01T00:00:00.124Z']);
  });

  it('accepts an empty range', () => {
    expect(rangeOf('2026-03-01T10:00', '2026-03-01T10:00')).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
    ]);
  });

  it('accepts 730 days between dates', () => {
    expect(rangeOf('2026-01-01', '2028-01-01')).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2028-01-02T00:00:00.000Z',
    ]);
  });

  it('rejects 731 days between dates', () => {
    expect(problemOf(() => rangeOf('2026-01-01', '2028-01-02'))).toEqual([
      { field: 'endDate', message: 'must be at most 730 days after startDate' },
    ]);
  });

  it('counts days on the wall clock', () => {
    expect(
      rangeOf('2026-01-01T00:00', '2028-01-01T00:00', 'Europe/Berlin'),
    ).toEqual(['2025-12-31T23:00:00.000Z', '2027-12-31T23:00:00.000Z']);
  });

  it('rejects a minute past 730 days', () => {
    expect(
      problemOf(() => rangeOf('2026-01-01T00:00', '2028-01-01T00:01')),
    ).toEqual([
      { field: 'endDate', message: 'must be at most 730 days after startDate' },
    ]);
  });

  it('rejects a start after the end', () => {
    expect(problemOf(() => rangeOf('2026-03-02', '2026-03-01'))).toEqual([
      { field: 'endDate', message: 'must not be before startDate' },
    ]);
    expect(
      problemOf(() => rangeOf('2026-03-01T10:00', '2026-03-01T09:59')),
    ).toEqual([{ field: 'endDate', message: 'must not be before startDate' }]);
  });

  it('requires both dates', () => {
    expect(
      problemOf(() => resolveUsageRange({ startDate: '2026-03-01' }, 'UTC')),
    ).toEqual([
      { field: 'endDate', message: 'is required when startDate is given' },
    ]);
    expect(
      problemOf(() => resolveUsageRange({ endDate: '2026-03-01' }, 'UTC')),
    ).toEqual([
      { field: 'startDate', message: 'is required when endDate is given' },
    ]);
  });

  it('ends a date before the first midnight of the next day', () => {
    expect(rangeOf('2020-10-31', '2020-10-31', 'America/Havana')).toEqual([
      '2020-10-31T04:00:00.000Z',
      '2020-11-01T04:00:00.000Z',
    ]);
    expect(rangeOf('2020-11-01', '2020-11-01', 'America/Havana')).toEqual([
      '2020-11-01T04:00:00.000Z',
      '2020-11-02T05:00:00.000Z',
    ]);
  });

  it('ends a date before a skipped midnight at the change', () => {
    // Santiago moved from 00:00 -04:00 to 01:00 -03:00 on 2019-09-08.
    expect(rangeOf('2019-09-07', '2019-09-07', 'America/Santiago')).toEqual([
      '2019-09-07T04:00:00.000Z',
      '2019-09-08T04:00:00.000Z',
    ]);
  });

  it('names the impossible date', () => {
    const details = problemOf(() => rangeOf('2026-02-01', '2026-02-30'));

    expect(details).toHaveLength(1);
    expect(details[0].field).toBe('endDate');
    expect(details[0].message).toMatch(
      /^2026-02-30 is not a real date or time/,
    );
  });
});

describe('parseDateParameter', () => {
  it.each([
    '2026-3-01',
    '2026-03-01T10',
    '2026-03-01 10:00',
    '2026-03-01Z',
    '2026-03-01T10:00:00.1234',
    '2026-03-01T10:00+0100',
    '2026-03-01T10:00+24:00',
    '20260301',
    'yesterday',
    '',
  ])('rejects the form %j', (text) => {
    expect(
      problemOf(() => parseDateParameter('startDate', text, 'UTC')),
    ).toEqual([
      {
        field: 'startDate',
        message:
          'must be an ISO 8601 date such as 2026-03-01 or a date-time such as 2026-03-01T10:00:00.123+01:00, with at most 3 fraction digits and an offset of Z or ±HH:MM',
      },
    ]);
  });

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-04-31',
    '2026-03-01T24:00',
    '2026-03-01T10:60',
    '2026-03-01T10:00:61',
  ])('rejects the impossible %j', (text) => {
    const details = problemOf(() =>
      parseDateParameter('startDate', text, 'UTC'),
    );

    expect(details[0].field).toBe('startDate');
    expect(details[0].message).toMatch(/is not a real date or time/);
  });

  it.each(['0000-01-01', '0000-12-31T23:00+01:00'])(
    'rejects the year 0000: %j',
    (text) => {
      expect(
        problemOf(() => parseDateParameter('startDate', text, 'Asia/Kolkata')),
      ).toEqual([
        {
          field: 'startDate',
          message: `${text} is in the year 0000, and dates must be in the years 0001 to 9999`,
        },
      ]);
    },
  );

  it('reads the first day of year 1 in a zone east of UTC', () => {
    const range = resolveUsageRange(
      { startDate: '0001-01-01', endDate: '0001-01-01' },
      'Asia/Kolkata',
    );

    // Kolkata kept local mean time, +05:53:28, then.
    expect(range?.start.toISOString()).toBe('0000-12-31T18:06:32.000Z');
  });

  it('accepts a leap day', () => {
    const { instant, dateOnly } = parseDateParameter(
      'startDate',
      '2028-02-29',
      'UTC',
    );

    expect(instant.toISO()).toBe('2028-02-29T00:00:00.000Z');
    expect(dateOnly).toBe(true);
  });

  it('moves a skipped local time forward', () => {
    const { instant } = parseDateParameter(
      'startDate',
      '2026-03-29T02:30',
      'Europe/Berlin',
    );

    expect(instant.toUTC().toISO()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads a repeated local time as its later occurrence', () => {
    const { instant } = parseDateParameter(
      'startDate',
      '2026-10-25T02:30',
      'Europe/Berlin',
    );

    expect(instant.toUTC().toISO()).toBe('2026-10-25T01:30:00.000Z');
  });

  // Lord Howe goes back from 02:00 +11:00 to 01:30 +10:30, Chatham from
  // 03:45 +13:45 to 02:45 +12:45, and Santiago from 24:00 -03:00 to 23:00
  // -04:00, each at the end of its daylight-saving time in April 2019.
  it.each([
    ['Australia/Lord_Howe', '2019-04-07T01:40', '2019-04-06T15:10:00.000Z'],
    ['Pacific/Chatham', '2019-04-07T02:55', '2019-04-06T14:10:00.000Z'],
    ['America/Santiago', '2019-04-06T23:10', '2019-04-07T03:10:00.000Z'],
  ])('reads a repeated time in %s as the later', (zone, text, expected) => {
    const { instant } = parseDateParameter('startDate', text, zone);

    expect(instant.toUTC().toISO()).toBe(expected);
  });

  // Havana goes back from 01:00 -04:00 to 00:00 -05:00 on 2020-11-01, so
  // that day starts at the first of its two midnights.
  it('starts a day whose midnight repeats at the first one', () => {
    const { instant } = parseDateParameter(
      'startDate',
      '2020-11-01',
      'America/Havana',
    );

    expect(instant.toUTC().toISO()).toBe('2020-11-01T04:00:00.000Z');
  });
});
