import fc from 'fast-check';
import { types } from 'pg';
import { fastTimestamptzParser } from './timestamptz-parser';

// This spec imports nothing that registers parsers, so this is pg's own.
const defaultParser = types.getTypeParser(types.builtins.TIMESTAMPTZ) as (
  text: string,
) => Date | number | null;

/** Turns a parsed value into a comparable number: a Date's time, else the value. */
function valueOf(parsed: Date | number | null): number | null {
  return parsed instanceof Date ? parsed.getTime() : parsed;
}

const pad = (value: number, width: number) =>
  String(value).padStart(width, '0');

/** Texts in PostgreSQL's ISO layout, with up to six fraction digits. */
const timestampText = (offset: fc.Arbitrary<string>) =>
  fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
      second: fc.integer({ min: 0, max: 59 }),
      fraction: fc.stringMatching(/^(\.\d{1,6})?$/),
      offset,
    })
    .map(
      (t) =>
        `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)} ` +
        `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}` +
        `${t.fraction}${t.offset}`,
    );

describe('fastTimestamptzParser', () => {
  const sut = fastTimestamptzParser(defaultParser);

  it('parses UTC texts as the default parser does', () => {
    fc.assert(
      fc.property(timestampText(fc.constant('+00')), (text) => {
        expect(valueOf(sut(text))).toBe(valueOf(defaultParser(text)));
      }),
      { numRuns: 5000 },
    );
  });

  it('parses other offsets as the default parser does', () => {
    const offsets = fc.constantFrom('+05:30', '-03', '+01', '+00 BC', '+00:00');
    fc.assert(
      fc.property(timestampText(offsets), (text) => {
        expect(valueOf(sut(text))).toBe(valueOf(defaultParser(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['2026-03-01 00:00:00+00', Date.UTC(2026, 2, 1)],
    ['2026-03-01 13:45:07.123456+00', Date.UTC(2026, 2, 1, 13, 45, 7, 123)],
    ['2026-03-01 13:45:07.9+00', Date.UTC(2026, 2, 1, 13, 45, 7, 900)],
    ['2026-03-01 01:00:00+01', Date.UTC(2026, 2, 1)],
  ])('parses %s', (text, expected) => {
    expect(valueOf(sut(text))).toBe(expected);
  });

  it('returns a new Date for a repeated text', () => {
    const first = sut('2026-03-01 05:00:00+00') as Date;
    first.setTime(0);

    const second = sut('2026-03-01 05:00:00+00') as Date;

    expect(second).not.toBe(first);
    expect(second.getTime()).toBe(Date.UTC(2026, 2, 1, 5));
  });

  it('reads UTC texts without the fallback', () => {
    const fallback = jest.fn(defaultParser);
    const parse = fastTimestamptzParser(fallback);

    parse('2026-03-01 00:00:00+00');
    parse('2026-03-01 13:45:07.123456+00');

    expect(fallback).not.toHaveBeenCalled();
  });

  it.each(['0050-01-01 00:00:00+00', '2026-03-01 00:00:00+01', 'infinity'])(
    'hands %s to the fallback',
    (text) => {
      const fallback = jest.fn(defaultParser);

      fastTimestamptzParser(fallback)(text);

      expect(fallback).toHaveBeenCalledWith(text);
    },
  );

  it('keeps infinity as the default parser returns it', () => {
    expect(sut('infinity')).toBe(Infinity);
    expect(sut('-infinity')).toBe(-Infinity);
  });
});
