import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageExport } from '../../application/export-usage.use-case';
import {
  CONTENT_TYPES,
  csvHeaderLine,
  toCsvLine,
  toNdjsonLine,
  UsageExportFormat,
  usageExportFileName,
} from './usage-export.formats';

// Lines are joined into chunks of about this many characters, so a million
// records make a few thousand writes instead of a million.
const CHUNK_CHARACTERS = 64 * 1024;

const logger = new Logger('UsageExport');

async function* exportLines(
  usageExport: UsageExport,
  format: UsageExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield csvHeaderLine();

  const toLine = format === 'csv' ? toCsvLine : toNdjsonLine;
  for await (const record of usageExport.records) yield toLine(record);
}

async function* chunksOf(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let chunk = '';
  for await (const line of lines) {
    chunk += line;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * Streams an export as the response body. The first chunk is read before
 * any byte is sent, so a failure to open the cursor still reaches the error
 * filter as a JSON error. A failure after that cannot change the status, so
 * it destroys the socket (the client sees a cut-off body) and is logged.
 * A client that disconnects stops the cursor and frees its connection, and
 * so does a response that writes nothing for `stallTimeoutMs`, most often
 * because the client stopped reading. Such a client would otherwise keep the
 * cursor, its connection and its snapshot for as long as it stays connected.
 */
export async function sendUsageExport(
  request: Request & { id?: unknown },
  response: Response,
  usageExport: UsageExport,
  format: UsageExportFormat,
  stallTimeoutMs: number,
): Promise<void> {
  const chunks = chunksOf(exportLines(usageExport, format));
  const first = await chunks.next();

  response.setHeader('Content-Type', CONTENT_TYPES[format]);
  response.setHeader(
    'Content-Disposition',
    `attachment; filename="${usageExportFileName(usageExport, format)}"`,
  );
  if (first.done === true) {
    response.end();
    return;
  }

  // The socket times out when nothing is written to it for this long: the
  // client's receive window stayed full, or the next rows took that long.
  let stalled = false;
  response.setTimeout(stallTimeoutMs, () => {
    stalled = true;
    logger.warn(
      { requestId: request.id, stallTimeoutMs },
      `Usage export stopped: nothing could be written for ${stallTimeoutMs} ms, because the client stopped reading or the query found no rows meanwhile; raise EXPORT_STALL_TIMEOUT_MS if such exports need longer`,
    );
    response.destroy();
  });

  response.write(first.value);
  try {
    // The generator is already started, so destroying the body on a
    // disconnect runs its `finally` blocks down to the cursor.
    await pipeline(Readable.from(chunks), response);
  } catch (error) {
    if (!stalled) logFailure(request, error);
    response.destroy();
  }
}

function logFailure(request: Request & { id?: unknown }, error: unknown): void {
  const requestId = request.id;
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') {
    logger.warn({ requestId }, 'Usage export stopped: the client disconnected');
    return;
  }

  logger.error({ err: error, requestId }, 'Usage export failed mid-stream');
}
