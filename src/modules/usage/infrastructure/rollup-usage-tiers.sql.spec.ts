import {
  splitMonths,
  splitRange,
  WEEK_MS,
  WEEK_ORIGIN_MS,
} from './rollup-usage-tiers.sql';

describe('splitRange', () => {
  it('splits at Mondays from the week origin', () => {
    // Thursday 2026-01-01 10:00 to Wednesday 2026-01-21 00:00 UTC.
    const split = splitRange(
      {
        start: new Date('2026-01-01T10:00:00Z'),
        end: new Date('2026-01-21T00:00:00Z'),
      },
      WEEK_MS,
      WEEK_ORIGIN_MS,
    );

    expect(split).toEqual({
      whole: {
        start: new Date('2026-01-05T00:00:00Z'),
        end: new Date('2026-01-19T00:00:00Z'),
      },
      edges: [
        {
          start: new Date('2026-01-01T10:00:00Z'),
          end: new Date('2026-01-05T00:00:00Z'),
        },
        {
          start: new Date('2026-01-19T00:00:00Z'),
          end: new Date('2026-01-21T00:00:00Z'),
        },
      ],
    });
  });

  it('keeps a range within one week as an edge', () => {
    const range = {
      start: new Date('2026-01-06T00:00:00Z'),
      end: new Date('2026-01-09T00:00:00Z'),
    };

    expect(splitRange(range, WEEK_MS, WEEK_ORIGIN_MS)).toEqual({
      whole: null,
      edges: [range],
    });
  });
});

describe('splitMonths', () => {
  it('splits at UTC month starts', () => {
    const split = splitMonths({
      start: new Date('2025-12-03T23:00:00Z'),
      end: new Date('2026-03-01T00:00:00Z'),
    });

    expect(split).toEqual({
      whole: {
        start: new Date('2026-01-01T00:00:00Z'),
        end: new Date('2026-03-01T00:00:00Z'),
      },
      edges: [
        {
          start: new Date('2025-12-03T23:00:00Z'),
          end: new Date('2026-01-01T00:00:00Z'),
        },
      ],
    });
  });

  it('keeps a range within one month as an edge', () => {
    const range = {
      start: new Date('2026-02-01T00:00:00Z'),
      end: new Date('2026-02-28T00:00:00Z'),
    };

    expect(splitMonths(range)).toEqual({ whole: null, edges: [range] });
  });

  it('keeps a month that starts the range whole', () => {
    const split = splitMonths({
      start: new Date('2026-02-01T00:00:00Z'),
      end: new Date('2026-03-02T12:00:00Z'),
    });

    expect(split).toEqual({
      whole: {
        start: new Date('2026-02-01T00:00:00Z'),
        end: new Date('2026-03-01T00:00:00Z'),
      },
      edges: [
        {
          start: new Date('2026-03-01T00:00:00Z'),
          end: new Date('2026-03-02T12:00:00Z'),
        },
      ],
    });
  });

  it('keeps the years 0 to 99', () => {
    const split = splitMonths({
      start: new Date('0050-01-15T00:00:00Z'),
      end: new Date('0051-01-01T00:00:00Z'),
    });

    expect(split).toEqual({
      whole: {
        start: new Date('0050-02-01T00:00:00Z'),
        end: new Date('0051-01-01T00:00:00Z'),
      },
      edges: [
        {
          start: new Date('0050-01-15T00:00:00Z'),
          end: new Date('0050-02-01T00:00:00Z'),
        },
      ],
    });
  });
});
