import { clientErrorReply, pathOfPacket } from './client-error.handler';

describe('clientErrorReply', () => {
  it('replies 431 to a header overflow', () => {
    expect(clientErrorReply('HPE_HEADER_OVERFLOW')).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: 'The URL and headers of the request are too long',
      field: 'url',
      fix: 'must fit with the headers in 16 KiB; narrow the query, or send fewer or shorter headers',
    });
  });

  it('replies 408 to a request timeout', () => {
    expect(clientErrorReply('ERR_HTTP_REQUEST_TIMEOUT')).toMatchObject({
      statusCode: 408,
      error: 'Request Timeout',
    });
  });

  it('replies 400 to other parse errors', () => {
    expect(clientErrorReply('HPE_INVALID_METHOD')).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
    });
  });

  it('skips a reset connection', () => {
    expect(clientErrorReply('ECONNRESET')).toBeNull();
  });
});

describe('pathOfPacket', () => {
  it('reads the path before the query', () => {
    const packet = Buffer.from('GET /api/usage/stats?startDate=x HTTP/1.1');

    expect(pathOfPacket(packet)).toBe('/api/usage/stats');
  });

  it('gives an empty path without a request line', () => {
    expect(pathOfPacket(Buffer.from('\u0000garbage'))).toBe('');
    expect(pathOfPacket(undefined)).toBe('');
  });
});
