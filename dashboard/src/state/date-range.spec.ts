import { addDays, resolveDateRange, todayIn } from './date-range';

// 23:30 on 31 March in UTC is already 1 April in Berlin (UTC+2 in summer).
const NOW = new Date('2026-03-31T23:30:00Z');

describe('todayIn', () => {
  it('follows the zone', () => {
    expect(todayIn('UTC', NOW)).toBe('2026-03-31');
    expect(todayIn('Europe/Berlin', NOW)).toBe('2026-04-01');
  });
});

describe('addDays', () => {
  it('crosses months and leap days', () => {
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('resolveDateRange', () => {
  it.each([
    ['7d', 'UTC', '2026-03-25', '2026-03-31'],
    ['30d', 'UTC', '2026-03-02', '2026-03-31'],
    ['90d', 'UTC', '2026-01-01', '2026-03-31'],
    ['month', 'UTC', '2026-03-01', '2026-03-31'],
    ['month', 'Europe/Berlin', '2026-04-01', '2026-04-01'],
  ] as const)('resolves %s in %s', (range, timeZone, startDate, endDate) => {
    expect(resolveDateRange({ range, timeZone }, NOW)).toEqual({
      startDate,
      endDate,
    });
  });

  it('keeps a custom range', () => {
    expect(
      resolveDateRange(
        {
          range: 'custom',
          start: '2025-01-01',
          end: '2025-01-31',
          timeZone: 'UTC',
        },
        NOW,
      ),
    ).toEqual({ startDate: '2025-01-01', endDate: '2025-01-31' });
  });
});
