import { parseAzureTraceRow, traceRequestId } from './azure-llm-trace';

describe('parseAzureTraceRow', () => {
  it('parses a row of the trace', () => {
    expect(parseAzureTraceRow('2023-11-16 18:17:03.9799600,4808,10')).toEqual({
      valid: true,
      row: {
        occurredAt: new Date('2023-11-16T18:17:03.979Z'),
        inputTokens: 4808,
        outputTokens: 10,
      },
    });
  });

  it('accepts a time without fraction', () => {
    const parsed = parseAzureTraceRow('2023-11-16 18:17:03,1,2');

    expect(parsed).toEqual({
      valid: true,
      row: {
        occurredAt: new Date('2023-11-16T18:17:03.000Z'),
        inputTokens: 1,
        outputTokens: 2,
      },
    });
  });

  it('pads a short fraction', () => {
    const parsed = parseAzureTraceRow('2023-11-16 18:17:03.5,1,2');

    expect(parsed.valid && parsed.row.occurredAt.toISOString()).toBe(
      '2023-11-16T18:17:03.500Z',
    );
  });

  it.each([
    ['2023-11-16 18:17:03.9799600,4808', 'expected 3 columns, found 2'],
    ['2023-11-16 18:17:03.9799600,4808,10,1', 'expected 3 columns, found 4'],
    ['', 'expected 3 columns, found 1'],
    [
      '2023-02-30 18:17:03.9799600,4808,10',
      'invalid TIMESTAMP "2023-02-30 18:17:03.9799600"; expected YYYY-MM-DD HH:MM:SS.fffffff in UTC',
    ],
    [
      '2023-11-16T18:17:03Z,4808,10',
      'invalid TIMESTAMP "2023-11-16T18:17:03Z"; expected YYYY-MM-DD HH:MM:SS.fffffff in UTC',
    ],
    [
      '2023-11-16 18:17:03.9799600,-4,10',
      'invalid ContextTokens "-4"; expected a whole number from 0 to 100000000',
    ],
    [
      '2023-11-16 18:17:03.9799600,4808,1.5',
      'invalid GeneratedTokens "1.5"; expected a whole number from 0 to 100000000',
    ],
    [
      '2023-11-16 18:17:03.9799600,100000001,1',
      'invalid ContextTokens "100000001"; expected a whole number from 0 to 100000000',
    ],
    [
      '2023-11-16 18:17:03.9799600,99999999999999999,1',
      'invalid ContextTokens "99999999999999999"; expected a whole number from 0 to 100000000',
    ],
  ])('rejects %j', (line, reason) => {
    expect(parseAzureTraceRow(line)).toEqual({ valid: false, reason });
  });
});

describe('traceRequestId', () => {
  it('is a sha256 of source, index and text', () => {
    expect(traceRequestId('code.csv', 0, 'a,b,c')).toMatch(/^[0-9a-f]{64}$/);
    expect(traceRequestId('code.csv', 0, 'a,b,c')).toBe(
      traceRequestId('code.csv', 0, 'a,b,c'),
    );
  });

  it('differs by index and source', () => {
    const base = traceRequestId('code.csv', 0, 'a,b,c');

    expect(traceRequestId('code.csv', 1, 'a,b,c')).not.toBe(base);
    expect(traceRequestId('conv.csv', 0, 'a,b,c')).not.toBe(base);
  });
});
