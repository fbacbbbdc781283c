import type { ErrorBody } from './api-types';

/** A response other than 2xx, with the message of the service's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The service rejected the access token: it expired or was revoked. */
export class UnauthorizedError extends ApiError {}

export type QueryValues = Record<string, string | number | undefined>;

/** Builds `path?query`, leaving out the parameters that are undefined. */
export function urlWithQuery(path: string, query: QueryValues = {}): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) parameters.set(key, String(value));
  }
  const search = parameters.toString();

  return search === '' ? path : `${path}?${search}`;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    // A proxy or a crash may respond without the JSON error body.
  }
  const message =
    typeof body.message === 'string'
      ? body.message
      : `The server answered ${response.status} ${response.statusText}`;

  return response.status === 401
    ? new UnauthorizedError(401, message, body.requestId)
    : new ApiError(response.status, message, body.requestId);
}

/** Sends a request to the service and parses its JSON response. */
export async function requestJson<T>(
  path: string,
  options: { token?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token !== undefined)
    headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.body === undefined ? 'GET' : 'POST',
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(
      0,
      'The service cannot be reached; check the network and retry.',
    );
  }
  if (!response.ok) throw await errorOf(response);

  return (await response.json()) as T;
}
