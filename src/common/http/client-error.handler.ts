import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

/** The error body of a request that Node's HTTP parser rejected. */
interface ClientErrorReply {
  statusCode: number;
  error: string;
  message: string;
  field: string;
  fix: string;
}

/**
 * Chooses the reply to a request that failed before routing. Node rejects
 * a request line and headers longer than its limit (16 KiB unless
 * --max-http-header-size sets another) with HPE_HEADER_OVERFLOW.
 */
export function clientErrorReply(
  code: string | undefined,
): ClientErrorReply | null {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        statusCode: 431,
        error: 'Request Header Fields Too Large',
        message: 'The URL and headers of the request are too long',
        field: 'url',
        fix: 'must fit with the headers in 16 KiB; narrow the query, or send fewer or shorter headers',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        statusCode: 408,
        error: 'Request Timeout',
        message: 'The request did not arrive in time',
        field: 'request',
        fix: "must arrive whole within the server's request timeout",
      };
    case 'ECONNRESET':
      // The client closed the connection, so no reply can reach it.
      return null;
    default:
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request is not valid HTTP/1.1',
        field: 'request',
        fix: 'must be a well-formed HTTP/1.1 request',
      };
  }
}

/** Returns the path of the request line at the start of `packet`, or ''. */
export function pathOfPacket(packet: Buffer | undefined): string {
  if (packet === undefined) return '';

  const match = /^[A-Z]+ (\/[^ ?#]*)/.exec(
    packet.subarray(0, 2048).toString('latin1'),
  );

  return match === null ? '' : match[1];
}

/**
 * Returns a clientError listener for requests that Node's HTTP parser
 * rejected. It logs each one and replies with the JSON error body of every
 * other error instead of Node's bare status line. Then it closes the
 * connection, because the rest of its bytes can no longer be parsed.
 */
export function clientErrorHandler(
  logger: Logger,
): (
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  socket: Duplex,
) => void {
  return (error, socket) => {
    const reply = clientErrorReply(error.code);
    if (reply === null || !socket.writable) {
      socket.destroy();
      return;
    }

    const requestId = randomUUID();
    const path = pathOfPacket(error.rawPacket);
    logger.warn(
      { code: error.code, requestId, path, statusCode: reply.statusCode },
      'Rejected a request that the HTTP parser could not read',
    );
    const body = JSON.stringify({
      statusCode: reply.statusCode,
      error: reply.error,
      message: reply.message,
      details: [{ field: reply.field, message: reply.fix }],
      path,
      requestId,
    });
    socket.end(
      [
        `HTTP/1.1 ${reply.statusCode} ${reply.error}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Request-Id: ${requestId}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  };
}
