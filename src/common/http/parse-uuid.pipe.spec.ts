import { ValidationError } from '../domain/domain-error';
import { ParseUuidPipe } from './parse-uuid.pipe';

describe('ParseUuidPipe', () => {
  const sut = new ParseUuidPipe('orgId');

  it('returns a UUID in lower case', () => {
    expect(sut.transform('3F2B8C1E-5D4A-4E6F-9B7C-2A1D0E9F8C7B')).toBe(
      '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
    );
  });

  it.each([
    '',
    'acme',
    '3f2b8c1e5d4a4e6f9b7c2a1d0e9f8c7b',
    '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7',
    '3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7bx',
    'zf2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
  ])('rejects %j naming the parameter', (value) => {
    let caught: unknown;
    try {
      sut.transform(value);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).details).toEqual([
      {
        field: 'orgId',
        message: 'must be a UUID such as 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b',
      },
    ]);
  });

  it('rejects a value that is not a string', () => {
    expect(() => sut.transform(42)).toThrow(ValidationError);
  });
});
