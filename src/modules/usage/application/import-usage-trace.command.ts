/** Rows of a trace to collect as usage of one organization and model. */
export interface ImportUsageTraceCommand {
  organizationId: string;
  modelId: string;
  /**
   * How many members, in email order, the rows are attributed to in turn;
   * all members when omitted.
   */
  users?: number;
  /** Name of the trace, part of every request id; usually the file name. */
  source: string;
  /** The lines of the file, header first, without line breaks. */
  lines: AsyncIterable<string>;
  /** Rows per collection batch. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  onMalformedRow?: (row: MalformedRow) => void;
}

/** Counts after each stored batch, and the final summary without duration. */
export interface ImportProgress {
  /** Data rows read, malformed ones included. */
  rowsRead: number;
  imported: number;
  alreadyPresent: number;
  malformed: number;
  /** Tokens of the rows this import stored. */
  inputTokens: number;
  outputTokens: number;
}

export interface ImportSummary extends ImportProgress {
  durationMs: number;
}

/** A skipped row; line 1 is the header. */
export interface MalformedRow {
  lineNumber: number;
  reason: string;
}
