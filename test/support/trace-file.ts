import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const TRACE_NAME = 'azure-llm-inference-trace-2023-code.csv';

/**
 * Locates the Azure LLM inference trace 2023 (code), which is kept outside
 * the repository: AZURE_LLM_TRACE_FILE if set, else the `shared/data`
 * folder beside the repository or under /work.
 */
export function locateTraceFile(): string {
  const configured = process.env.AZURE_LLM_TRACE_FILE;
  if (configured !== undefined && configured !== '') return configured;

  const candidates = [
    resolve(__dirname, '../../../shared/data', TRACE_NAME),
    resolve('/work/shared/data', TRACE_NAME),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(
      `The Azure LLM trace was not found at ${candidates.join(' or ')}; set AZURE_LLM_TRACE_FILE to its path`,
    );
  }

  return found;
}
