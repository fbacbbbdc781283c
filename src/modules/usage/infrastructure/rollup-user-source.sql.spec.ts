import { monthDaysOf } from './rollup-user-source.sql';

const range = (start: string, end: string) => ({
  start: new Date(start),
  end: new Date(end),
});

describe('monthDaysOf', () => {
  it('splits thirty days at a month end', () => {
    const months = monthDaysOf(
      range('2026-11-04T00:00:00Z', '2026-12-04T00:00:00Z'),
    );

    // November 4 to 30 are bits 3 to 29: 2^30 - 2^3. December 1 to 3: 2^3 - 1.
    expect(months).toEqual([
      { monthStart: new Date('2026-11-01T00:00:00Z'), dayMask: 1073741816n },
      { monthStart: new Date('2026-12-01T00:00:00Z'), dayMask: 7n },
    ]);
  });

  it('covers a whole leap February', () => {
    const months = monthDaysOf(
      range('2028-02-01T00:00:00Z', '2028-03-01T00:00:00Z'),
    );

    expect(months).toEqual([
      { monthStart: new Date('2028-02-01T00:00:00Z'), dayMask: 536870911n },
    ]);
  });

  it('keeps one day of a month', () => {
    const months = monthDaysOf(
      range('2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'),
    );

    expect(months).toEqual([
      { monthStart: new Date('2026-03-01T00:00:00Z'), dayMask: 512n },
    ]);
  });

  it('spans a year end', () => {
    const months = monthDaysOf(
      range('2026-12-31T00:00:00Z', '2027-01-02T00:00:00Z'),
    );

    expect(months).toEqual([
      { monthStart: new Date('2026-12-01T00:00:00Z'), dayMask: 1073741824n },
      { monthStart: new Date('2027-01-01T00:00:00Z'), dayMask: 1n },
    ]);
  });
});
