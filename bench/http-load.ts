import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Throughput and latency of one route under autocannon, in requests/s and ms. */
export interface HttpFigure {
  requestsPerSecond: number;
  /** Requests completed in the whole run. */
  requests: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number };
  non2xx: number;
  errors: number;
}

/**
 * Runs autocannon in a child process, so the load generator does not share
 * the event loop of the service it measures.
 */
export async function loadRoute(
  url: string,
  token: string,
  options: { connections: number; seconds: number },
): Promise<HttpFigure> {
  const { stdout } = await run(
    process.execPath,
    [
      require.resolve('autocannon/autocannon.js'),
      '--json',
      '--connections',
      String(options.connections),
      '--duration',
      String(options.seconds),
      '--headers',
      `authorization=Bearer ${token}`,
      url,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as AutocannonJson;

  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
