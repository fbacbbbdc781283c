import {
  isTokenCount,
  MAX_TOKENS_PER_COUNT,
} from '../../usage/domain/usage-draft';
import { InferenceResult } from '../application/ports/inference-provider';

/** The fields of an OpenAI-compatible chat completion response that a run reads. */
interface ChatCompletionBody {
  choices?: { message?: { content?: unknown } }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

/**
 * Reads the output and the token counts of a chat completion body. Returns
 * a description of the problem instead when the body is not an object or
 * its usage is missing or invalid. A body with valid usage but no text in
 * choices[0].message.content, as after a refusal, is read with an empty
 * output, because the provider counted, and bills, those tokens.
 */
export function readChatCompletion(
  body: unknown,
): InferenceResult | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problem: 'returned a JSON value that is not an object' };
  }

  const { choices, usage } = body as ChatCompletionBody;
  if (
    !isTokenCount(usage?.prompt_tokens) ||
    !isTokenCount(usage?.completion_tokens)
  ) {
    return {
      problem: `returned no usage.prompt_tokens and usage.completion_tokens as whole numbers from 0 to ${MAX_TOKENS_PER_COUNT}`,
    };
  }

  const content = Array.isArray(choices)
    ? choices[0]?.message?.content
    : undefined;

  return {
    output: typeof content === 'string' ? content : '',
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
  };
}

/** Returns the `error.message` of an OpenAI-style error body, shortened, if there is one. */
export function upstreamErrorMessage(text: string): string | undefined {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } })
      ?.error?.message;

    return typeof message === 'string' ? message.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
