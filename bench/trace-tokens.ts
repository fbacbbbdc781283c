import { readFileSync } from 'node:fs';

/** Input and output token counts of one request of the Azure trace. */
export interface TokenSample {
  input: number;
  output: number;
}

/**
 * Reads the (ContextTokens, GeneratedTokens) pairs of the Azure LLM
 * inference trace, so benchmark records follow its token distribution.
 */
export function readTraceTokens(path: string): TokenSample[] {
  const lines = readFileSync(path, 'utf8').split('\n').slice(1);
  const samples: TokenSample[] = [];

  for (const line of lines) {
    const [, input, output] = line.trim().split(',');
    if (input === undefined || output === undefined) continue;
    samples.push({ input: Number(input), output: Number(output) });
  }
  if (samples.length === 0) throw new Error(`No token rows in ${path}`);

  return samples;
}
