import {
  bucketSizeOf,
  formatBucketLabel,
  formatInteger,
  formatMoney,
  formatPercent,
} from './number-format';

describe('formatMoney', () => {
  it('formats in the locale', () => {
    expect(formatMoney('1234.5', 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney('1234.5', 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
  });

  it('rounds the exact decimal', () => {
    // Parsed as a float, this amount would lose its last integer digit.
    expect(formatMoney('9007199254740993.125', 'USD', 'en-US')).toBe(
      '$9,007,199,254,740,993.13',
    );
  });

  it('shows an unknown code as text', () => {
    expect(formatMoney('1.5', 'US', 'en-US')).toBe('1.5 US');
  });
});

describe('formatInteger', () => {
  it('groups digits', () => {
    expect(formatInteger(9007061, 'en-US')).toBe('9,007,061');
  });
});

describe('formatPercent', () => {
  it('keeps 2 decimals', () => {
    expect(formatPercent(33.33, 'en-US')).toBe('33.33%');
  });
});

describe('bucketSizeOf', () => {
  it.each([
    [['2026-03-01T00:00:00Z', '2026-03-01T01:00:00Z'], 'hour'],
    [['2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'], 'day'],
    [['2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z'], 'week'],
    [['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z'], 'month'],
    [['2026-02-01T00:00:00Z'], 'day'],
  ])('reads %j', (dates, size) => {
    expect(bucketSizeOf(dates)).toBe(size);
  });
});

describe('formatBucketLabel', () => {
  it('labels in the zone', () => {
    expect(
      formatBucketLabel(
        '2026-03-01T00:00:00+01:00',
        'day',
        'Europe/Berlin',
        'en-US',
      ),
    ).toBe('Mar 1');
    expect(
      formatBucketLabel(
        '2026-03-01T00:00:00+01:00',
        'month',
        'Europe/Berlin',
        'en-US',
      ),
    ).toBe('Mar 2026');
  });
});
