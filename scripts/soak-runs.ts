import autocannon from 'autocannon';
import { SoakFixture } from './soak-fixture';

/** Total tokens of every run acknowledged with 201, by its sequence number. */
export interface RunLedger {
  /** Number of runs sent; sequence numbers are 0 to sent - 1. */
  sent: number;
  tokens: Map<number, number>;
}

interface RunContext {
  sequence?: number;
}

function runBody(fixture: SoakFixture, sequence: number): string {
  return JSON.stringify({
    modelId: fixture.modelIds[sequence % fixture.modelIds.length],
    input: `soak request ${sequence}`,
  });
}

function runHeaders(fixture: SoakFixture, sequence: number) {
  return {
    authorization: `Bearer ${fixture.memberToken}`,
    'content-type': 'application/json',
    'idempotency-key': `soak-${sequence}`,
  };
}

/**
 * Builds the autocannon request of POST /api/runs, each with the next
 * sequence number as its Idempotency-Key, and records the tokens of every
 * 201 in the ledger. A connection has one request in flight, so its
 * context carries the sequence number from the request to its response.
 */
export function runRequests(
  fixture: SoakFixture,
  ledger: RunLedger,
): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: '/api/runs',
      setupRequest: (raw, context) => {
        const sequence = ledger.sent++;
        (context as RunContext).sequence = sequence;

        return {
          ...raw,
          headers: runHeaders(fixture, sequence),
          body: runBody(fixture, sequence),
        };
      },
      onResponse: (status, body, context) => {
        const { sequence } = context as RunContext;
        if (status !== 201 || sequence === undefined) return;

        const run = JSON.parse(body) as { usage: { totalTokens: number } };
        ledger.tokens.set(sequence, run.usage.totalTokens);
      },
    },
  ];
}

/**
 * Sends again, with the same Idempotency-Key and body, every run whose
 * response the load did not read, such as those cut off when autocannon
 * stopped. Returns how many were sent again.
 */
export async function retryUnacknowledged(
  baseUrl: string,
  fixture: SoakFixture,
  ledger: RunLedger,
): Promise<number> {
  let retried = 0;
  for (let sequence = 0; sequence < ledger.sent; sequence += 1) {
    if (ledger.tokens.has(sequence)) continue;

    const response = await fetch(`${baseUrl}/api/runs`, {
      method: 'POST',
      headers: runHeaders(fixture, sequence),
      body: runBody(fixture, sequence),
    });
    const run = (await response.json()) as { usage?: { totalTokens: number } };
    if (response.status === 201 && run.usage !== undefined) {
      ledger.tokens.set(sequence, run.usage.totalTokens);
    }
    retried += 1;
  }

  return retried;
}
