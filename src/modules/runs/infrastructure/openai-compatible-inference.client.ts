import { Logger } from '@nestjs/common';
import { InferenceEndpointConfig } from '../../../config/app-config';
import {
  InferenceProvider,
  InferenceRequest,
  InferenceResult,
} from '../application/ports/inference-provider';
import { InferenceFailedError } from '../domain/runs.errors';
import {
  readChatCompletion,
  upstreamErrorMessage,
} from './chat-completion-response';

/**
 * Maximum size of a provider's response body. A run's input is at most
 * 100,000 characters, and an output of that length takes at most 600 kB
 * of JSON. A larger body comes from a misbehaving provider, and it would
 * otherwise be held in memory whole.
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Reads a body as UTF-8 text, or returns null once it exceeds `limit` bytes. */
async function readTextUpTo(
  response: Response,
  limit: number,
): Promise<string | null> {
  if (response.body === null) return '';

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(read.value);
  }

  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Calls `POST {baseUrl}/chat/completions` of an OpenAI-compatible API with
 * the prompt as one user message. Every failure (network, timeout, non-2xx
 * status, a body over MAX_RESPONSE_BYTES, malformed JSON, missing usage)
 * becomes InferenceFailedError.
 */
export class OpenAiCompatibleInferenceClient extends InferenceProvider {
  private readonly logger = new Logger(OpenAiCompatibleInferenceClient.name);

  constructor(
    private readonly provider: string,
    private readonly endpoint: InferenceEndpointConfig,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async complete(request: InferenceRequest): Promise<InferenceResult> {
    let status: number;
    let text: string | null;
    try {
      // The timeout covers the whole exchange, reading the body included.
      const response = await fetch(
        `${this.endpoint.baseUrl}/chat/completions`,
        {
          method: 'POST',
          headers: this.headers(),
          body: JSON.stringify({
            model: request.model.name,
            messages: [{ role: 'user', content: request.input }],
          }),
          signal: AbortSignal.timeout(this.timeoutMs),
        },
      );
      status = response.status;
      text = await readTextUpTo(response, MAX_RESPONSE_BYTES);
    } catch (error) {
      throw this.failure(request, this.describeTransportError(error), error);
    }
    if (text === null) {
      throw this.failure(
        request,
        `returned a response larger than ${MAX_RESPONSE_BYTES} bytes`,
      );
    }

    if (status < 200 || status > 299) {
      const upstream = upstreamErrorMessage(text);
      throw this.failure(
        request,
        `returned HTTP ${status}${upstream === undefined ? '' : `: ${upstream}`}`,
      );
    }

    return this.parse(request, text);
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (this.endpoint.apiKey !== undefined) {
      headers.Authorization = `Bearer ${this.endpoint.apiKey}`;
    }

    return headers;
  }

  private parse(request: InferenceRequest, text: string): InferenceResult {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw this.failure(request, 'returned a response that is not valid JSON');
    }

    const read = readChatCompletion(body);
    if ('problem' in read) throw this.failure(request, read.problem);

    return read;
  }

  private describeTransportError(error: unknown): string {
    // AbortSignal.timeout rejects with a DOMException named TimeoutError.
    if ((error as { name?: unknown } | null)?.name === 'TimeoutError') {
      return `timed out after ${this.timeoutMs} ms`;
    }

    const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
    const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';

    return `could not be reached${code}`;
  }

  private failure(
    request: InferenceRequest,
    problem: string,
    cause?: unknown,
  ): InferenceFailedError {
    const message = `Inference provider ${this.provider} ${problem} for model ${request.model.name}`;
    this.logger.warn(
      { provider: this.provider, model: request.model.name, err: cause },
      message,
    );

    return new InferenceFailedError(message);
  }
}
