import { csvCell, csvLine } from './usage-export.csv';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['=1+1', "'=1+1"],
    ['+33 1 23', "'+33 1 23"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindented', "'\tindented"],
    ['\rstart', '"\'\rstart"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('encodes %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('leaves numbers and booleans as they are', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(1500)).toBe('1500');
    expect(csvCell(true)).toBe('true');
  });

  it('writes null as an empty cell', () => {
    expect(csvCell(null)).toBe('');
  });
});

describe('csvLine', () => {
  it('joins cells and ends with CRLF', () => {
    expect(csvLine(['a', null, 2, 'b,c'])).toBe('a,,2,"b,c"\r\n');
  });
});
