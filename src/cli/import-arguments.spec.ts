import { parseImportArguments } from './import-arguments';

const ORGANIZATION = '11111111-1111-4111-8111-111111111111';
const MODEL = '22222222-2222-4222-8222-222222222222';
const valid = [
  '--format',
  'azure-llm-trace',
  '--file',
  '/data/trace.csv',
  '--organization',
  ORGANIZATION,
  '--model',
  MODEL,
];

describe('parseImportArguments', () => {
  it('parses the required flags', () => {
    expect(parseImportArguments(valid)).toEqual({
      format: 'azure-llm-trace',
      file: '/data/trace.csv',
      organizationId: ORGANIZATION,
      modelId: MODEL,
      users: undefined,
      source: 'trace.csv',
    });
  });

  it('parses users and source', () => {
    const parsed = parseImportArguments([
      ...valid,
      '--users',
      '3',
      '--source',
      'nightly',
    ]);

    expect(parsed?.users).toBe(3);
    expect(parsed?.source).toBe('nightly');
  });

  it('returns null for help', () => {
    expect(parseImportArguments(['--help'])).toBeNull();
  });

  it.each<[string, string[], string]>([
    ['an unknown flag', [...valid, '--org', 'x'], "Unknown option '--org'"],
    ['a positional', [...valid, 'extra'], "Unexpected argument 'extra'"],
    ['a missing file', valid.slice(0, 2), 'Missing --file'],
    ['a missing model', valid.slice(0, 6), 'Missing --model'],
    [
      'an unknown format',
      ['--format', 'csv', ...valid.slice(2)],
      'Invalid --format "csv": expected azure-llm-trace',
    ],
    [
      'a bad organization',
      [...valid.slice(0, 5), 'acme', ...valid.slice(6)],
      'Invalid --organization "acme": expected a UUID',
    ],
    [
      'zero users',
      [...valid, '--users', '0'],
      'Invalid --users "0": expected a whole number of members, at least 1',
    ],
    [
      'fractional users',
      [...valid, '--users', '1.5'],
      'Invalid --users "1.5": expected a whole number of members, at least 1',
    ],
  ])('rejects %s', (_case, argv, message) => {
    expect(() => parseImportArguments(argv)).toThrow(message);
  });
});
