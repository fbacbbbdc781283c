import {
  InferenceProvider,
  InferenceRequest,
  InferenceResult,
} from '../application/ports/inference-provider';

/** A rule-of-thumb estimate of characters per token in English text, not a tokenizer. */
const CHARACTERS_PER_TOKEN = 4;

/** Counts Unicode code points, so an emoji counts once, not as two UTF-16 units. */
function characterCount(text: string): number {
  return [...text].length;
}

/** Estimates tokens as one per 4 characters, rounded up. */
export function simulatedTokenCount(text: string): number {
  return Math.ceil(characterCount(text) / CHARACTERS_PER_TOKEN);
}

/**
 * Completes a request without any network call, for demos and tests. The output starts
 * with "[simulated]" and depends only on the model name and the input
 * length. Tokens are one per 4 characters (code points) rounded up, for the
 * input and for the output alike.
 */
export class SimulatedInferenceProvider extends InferenceProvider {
  async complete(request: InferenceRequest): Promise<InferenceResult> {
    const output = `[simulated] ${request.model.name} received a prompt of ${characterCount(request.input)} characters; configure an inference endpoint for provider ${request.model.provider} to get a real answer.`;

    return {
      output,
      inputTokens: simulatedTokenCount(request.input),
      outputTokens: simulatedTokenCount(output),
    };
  }
}
