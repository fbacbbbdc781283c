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
 * Calls `POST {baseUrl}/chat/completions` of an OpenAI-compatible API with
 * the prompt as one user message. Every failure (network, timeout, non-2xx
 * status, malformed JSON, missing usage) becomes InferenceFailedError.
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
    let text: string;
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
      text = await response.text();
    } catch (error) {
      throw this.failure(request, this.describeTransportError(error), error);
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
