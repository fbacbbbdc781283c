/**
 * Fingerprints the input of a run, so that a retry with the same
 * idempotency key can be compared with the first request although
 * prompts are never stored.
 */
export abstract class RunInputDigest {
  /** Returns the same string for the same input, and another for any other input, barring a hash collision. */
  abstract of(input: string): string;
}
