import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Streams a text file line by line without line breaks (LF or CRLF); the
 * last line may lack a break. Reports the bytes of each line and its break.
 */
export async function* readLines(
  path: string,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });

  try {
    for await (const line of lines) {
      onBytes(Buffer.byteLength(line, 'utf8') + 1);
      yield line;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
