import fc from 'fast-check';
import {
  monthDaysOf,
  UserRollupPiece,
  userRollupPieces,
} from './rollup-user-source.sql';

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

/** Prints a piece as "+ tier start end" with ISO instants. */
function show(piece: UserRollupPiece): string {
  const range =
    piece.range === 'all'
      ? 'all'
      : `${piece.range.start.toISOString()} ${piece.range.end.toISOString()}`;

  return `${piece.sign === 1 ? '+' : '-'} ${piece.tier} ${range}`;
}

/** Checks that an instant starts a bucket of a user rollup tier. */
function aligned(tier: 'month' | 'week' | 'day', instant: number): boolean {
  const date = new Date(instant);
  if (tier === 'month') {
    return instant === Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  // ISO weeks start on Mondays; 1970-01-05 was one.
  if (tier === 'week') return (instant - 4 * 86400000) % (7 * 86400000) === 0;

  return instant % 86400000 === 0;
}

describe('userRollupPieces', () => {
  it('subtracts days from a month', () => {
    const pieces = userRollupPieces(
      range('2026-11-04T00:00:00Z', '2026-12-04T00:00:00Z'),
    );

    expect(pieces.map(show)).toEqual([
      '+ month 2026-11-01T00:00:00.000Z 2026-12-01T00:00:00.000Z',
      '- day 2026-11-01T00:00:00.000Z 2026-11-04T00:00:00.000Z',
      '+ day 2026-12-01T00:00:00.000Z 2026-12-04T00:00:00.000Z',
    ]);
  });

  it('corrects Berlin hours from raw rows', () => {
    const pieces = userRollupPieces(
      range('2026-11-03T23:00:00Z', '2026-12-03T23:00:00Z'),
    );

    expect(pieces.map(show)).toEqual([
      '+ month 2026-11-01T00:00:00.000Z 2026-12-01T00:00:00.000Z',
      '- day 2026-11-01T00:00:00.000Z 2026-11-04T00:00:00.000Z',
      '+ raw 2026-11-03T23:00:00.000Z 2026-11-04T00:00:00.000Z',
      '+ day 2026-12-01T00:00:00.000Z 2026-12-04T00:00:00.000Z',
      '- raw 2026-12-03T23:00:00.000Z 2026-12-04T00:00:00.000Z',
    ]);
  });

  it('subtracts a day from a week', () => {
    // Monday 2026-03-02 to Monday 2026-03-09; the range leaves out Monday.
    const pieces = userRollupPieces(
      range('2026-03-03T00:00:00Z', '2026-03-09T00:00:00Z'),
    );

    expect(pieces.map(show)).toEqual([
      '+ week 2026-03-02T00:00:00.000Z 2026-03-09T00:00:00.000Z',
      '- day 2026-03-02T00:00:00.000Z 2026-03-03T00:00:00.000Z',
    ]);
  });

  it('reads short ranges from raw rows', () => {
    const pieces = userRollupPieces(
      range('2026-03-03T10:00:00Z', '2026-03-03T11:30:00Z'),
    );

    expect(pieces.map(show)).toEqual([
      '+ raw 2026-03-03T10:00:00.000Z 2026-03-03T11:30:00.000Z',
    ]);
  });

  it('reads all time from months', () => {
    expect(userRollupPieces(null).map(show)).toEqual(['+ month all']);
  });

  it('counts each instant once', () => {
    const first = Date.UTC(2025, 11, 1);
    const span = 120 * 86400000;
    const instant = fc.oneof(
      fc.integer({ min: 0, max: span }),
      fc.integer({ min: 0, max: span / 3600000 }).map((hour) => hour * 3600000),
      fc.integer({ min: 0, max: span / 86400000 }).map((day) => day * 86400000),
    );

    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const start = first + Math.min(a, b);
        const end = first + Math.max(a, b);
        const pieces = userRollupPieces({
          start: new Date(start),
          end: new Date(end),
        });
        const bounds = new Set([start, end]);
        for (const piece of pieces) {
          if (piece.range === 'all') return false;
          const from = piece.range.start.getTime();
          const to = piece.range.end.getTime();
          if (
            piece.tier !== 'raw' &&
            !(aligned(piece.tier, from) && aligned(piece.tier, to))
          ) {
            return false;
          }
          bounds.add(from);
          bounds.add(to);
        }
        const sorted = [...bounds].sort((x, y) => x - y);
        // Each stretch between two neighbouring bounds is inside or outside
        // every piece as a whole, so its midpoint represents it.
        for (let i = 0; i + 1 < sorted.length; i += 1) {
          const middle = (sorted[i] + sorted[i + 1]) / 2;
          let count = 0;
          for (const piece of pieces) {
            if (piece.range === 'all') continue;
            const inside =
              piece.range.start.getTime() <= middle &&
              middle < piece.range.end.getTime();
            if (inside) count += piece.sign;
          }
          const expected = start <= middle && middle < end ? 1 : 0;
          if (count !== expected) return false;
        }

        return true;
      }),
      { numRuns: 2000 },
    );
  });
});
