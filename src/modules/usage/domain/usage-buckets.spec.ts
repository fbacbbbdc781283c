import {
  countBuckets,
  formatBucketLabel,
  resolveGranularity,
} from './usage-buckets';
import { InvalidUsageQueryError } from './usage-query.errors';

function range(start: string, end: string) {
  return { start: new Date(start), end: new Date(end) };
}

describe('countBuckets', () => {
  it('counts whole UTC days', () => {
    const march = range('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');

    expect(countBuckets(march, 'day', 'UTC')).toBe(31);
    expect(countBuckets(march, 'hour', 'UTC')).toBe(744);
    expect(countBuckets(march, 'month', 'UTC')).toBe(1);
  });

  it('counts partial buckets whole', () => {
    const span = range('2026-03-01T10:30:00Z', '2026-03-03T00:00:01Z');

    expect(countBuckets(span, 'day', 'UTC')).toBe(3);
    expect(countBuckets(span, 'hour', 'UTC')).toBe(39);
  });

  it('counts ISO weeks from Monday', () => {
    // Sunday 2026-03-01 to Monday 2026-03-09 touches three ISO weeks.
    const span = range('2026-03-01T00:00:00Z', '2026-03-09T00:00:01Z');

    expect(countBuckets(span, 'week', 'UTC')).toBe(3);
  });

  it('counts 23 and 25 hour DST days', () => {
    const spring = range('2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z');
    const autumn = range('2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z');

    expect(countBuckets(spring, 'hour', 'Europe/Berlin')).toBe(23);
    expect(countBuckets(spring, 'day', 'Europe/Berlin')).toBe(1);
    expect(countBuckets(autumn, 'hour', 'Europe/Berlin')).toBe(25);
    expect(countBuckets(autumn, 'day', 'Europe/Berlin')).toBe(1);
  });

  it('counts calendar units across a year end in a +05:30 zone', () => {
    // 2025-11-15 00:00 to 2026-02-10 00:00 in Asia/Kolkata: 87 days, from
    // the ISO week of Saturday 2025-11-15 to that of Monday 2026-02-09.
    const span = range('2025-11-14T18:30:00Z', '2026-02-09T18:30:00Z');

    expect(countBuckets(span, 'day', 'Asia/Kolkata')).toBe(87);
    expect(countBuckets(span, 'week', 'Asia/Kolkata')).toBe(14);
    expect(countBuckets(span, 'month', 'Asia/Kolkata')).toBe(4);
  });

  it('counts days across a daylight-saving change as calendar days', () => {
    // 2026-03-20 to 2026-04-05 in Berlin, over the 23-hour 29 March.
    const span = range('2026-03-19T23:00:00Z', '2026-04-04T22:00:00Z');

    expect(countBuckets(span, 'day', 'Europe/Berlin')).toBe(16);
  });

  it('counts hours from local minute 0', () => {
    // 10:00 to 11:00 UTC is 15:30 to 16:30 in Kolkata: two local hours.
    const span = range('2026-03-01T10:00:00Z', '2026-03-01T11:00:00Z');

    expect(countBuckets(span, 'hour', 'Asia/Kolkata')).toBe(2);
    expect(countBuckets(span, 'hour', 'Asia/Kathmandu')).toBe(2);
    expect(countBuckets(span, 'hour', 'UTC')).toBe(1);
  });

  it('counts none in an empty range', () => {
    const empty = range('2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z');

    expect(countBuckets(empty, 'day', 'UTC')).toBe(0);
  });
});

describe('resolveGranularity', () => {
  it('picks hour up to 400 hours', () => {
    const hours400 = range('2026-03-01T00:00:00Z', '2026-03-17T16:00:00Z');

    expect(resolveGranularity('auto', hours400, 'UTC')).toBe('hour');
  });

  it('picks day past 400 hours', () => {
    const hours401 = range('2026-03-01T00:00:00Z', '2026-03-17T17:00:00Z');

    expect(resolveGranularity('auto', hours401, 'UTC')).toBe('day');
  });

  it('picks week past 400 days', () => {
    const days401 = range('2026-01-01T00:00:00Z', '2027-02-06T00:00:00Z');

    expect(resolveGranularity('auto', days401, 'UTC')).toBe('week');
  });

  it('picks month past 400 weeks', () => {
    const years10 = range('2016-01-01T00:00:00Z', '2026-01-01T00:00:00Z');

    expect(resolveGranularity('auto', years10, 'UTC')).toBe('month');
  });

  it('keeps an explicit granularity', () => {
    const march = range('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');

    expect(resolveGranularity('week', march, 'UTC')).toBe('week');
    expect(resolveGranularity('hour', march, 'UTC')).toBe('hour');
  });

  it('rejects more than 1000 buckets', () => {
    const hours1001 = range('2026-03-01T00:00:00Z', '2026-04-11T17:00:00Z');

    expect(() => resolveGranularity('hour', hours1001, 'UTC')).toThrow(
      new InvalidUsageQueryError(
        'granularity',
        'hour gives 1001 buckets for this range, more than the maximum of 1000; choose a coarser granularity or a shorter range',
      ),
    );
  });

  it('accepts 1000 buckets', () => {
    const hours1000 = range('2026-03-01T00:00:00Z', '2026-04-11T16:00:00Z');

    expect(resolveGranularity('hour', hours1000, 'UTC')).toBe('hour');
  });

  it('picks day without a range', () => {
    expect(resolveGranularity('auto', null, 'UTC')).toBe('day');
    expect(resolveGranularity('month', null, 'UTC')).toBe('month');
  });
});

describe('formatBucketLabel', () => {
  it('writes +00:00 for UTC', () => {
    expect(formatBucketLabel(new Date('2026-03-01T00:00:00Z'), 'UTC')).toBe(
      '2026-03-01T00:00:00+00:00',
    );
  });

  it('writes the offset of the moment', () => {
    expect(
      formatBucketLabel(new Date('2026-03-28T23:00:00Z'), 'Europe/Berlin'),
    ).toBe('2026-03-29T00:00:00+01:00');
    expect(
      formatBucketLabel(new Date('2026-03-29T22:00:00Z'), 'Europe/Berlin'),
    ).toBe('2026-03-30T00:00:00+02:00');
  });

  it('tells the repeated autumn hour apart', () => {
    expect(
      formatBucketLabel(new Date('2026-10-25T00:00:00Z'), 'Europe/Berlin'),
    ).toBe('2026-10-25T02:00:00+02:00');
    expect(
      formatBucketLabel(new Date('2026-10-25T01:00:00Z'), 'Europe/Berlin'),
    ).toBe('2026-10-25T02:00:00+01:00');
  });

  it('writes half and quarter hour offsets', () => {
    expect(
      formatBucketLabel(new Date('2026-02-28T18:30:00Z'), 'Asia/Kolkata'),
    ).toBe('2026-03-01T00:00:00+05:30');
    expect(
      formatBucketLabel(new Date('2026-02-28T18:15:00Z'), 'Asia/Kathmandu'),
    ).toBe('2026-03-01T00:00:00+05:45');
    expect(
      formatBucketLabel(new Date('2026-03-01T12:00:00Z'), 'America/St_Johns'),
    ).toBe('2026-03-01T08:30:00-03:30');
  });
});
