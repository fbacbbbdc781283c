export interface InferenceRequest {
  /** The catalog name is what the provider's API calls the model. */
  model: { name: string; provider: string };
  input: string;
}

export interface InferenceResult {
  output: string;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Runs one inference. Implementations throw InferenceFailedError when the
 * provider fails, times out or returns a response without usage.
 */
export abstract class InferenceProvider {
  abstract complete(request: InferenceRequest): Promise<InferenceResult>;
}

/** Selects the inference provider that serves the models of one provider name. */
export abstract class InferenceProviderRegistry {
  /** Throws ProviderNotConfiguredError when nothing can serve the provider. */
  abstract forProvider(provider: string): InferenceProvider;
}
