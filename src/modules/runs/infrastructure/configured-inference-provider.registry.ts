import { Inject, Injectable } from '@nestjs/common';
import { APP_SETTINGS, AppSettings } from '../../../config/app-settings';
import {
  InferenceProvider,
  InferenceProviderRegistry,
} from '../application/ports/inference-provider';
import { ProviderNotConfiguredError } from '../domain/runs.errors';
import { OpenAiCompatibleInferenceClient } from './openai-compatible-inference.client';
import { SimulatedInferenceProvider } from './simulated-inference.provider';

/**
 * Returns the key of a provider in `inferenceEndpoints`. The endpoints come
 * from variables `INFERENCE_<NAME>_BASE_URL`, whose underscores become
 * hyphens, so `my_cloud`, `my.cloud` and `my-cloud` share `INFERENCE_MY_CLOUD_*`.
 */
export function endpointKeyOf(provider: string): string {
  return provider.toLowerCase().replace(/[._]/g, '-');
}

export function baseUrlVariableOf(provider: string): string {
  return `INFERENCE_${endpointKeyOf(provider).toUpperCase().replace(/-/g, '_')}_BASE_URL`;
}

/**
 * Serves a provider from its configured endpoint, else from the simulated
 * provider when `simulateUnconfiguredProviders` is set.
 */
@Injectable()
export class ConfiguredInferenceProviderRegistry extends InferenceProviderRegistry {
  private readonly clients = new Map<string, InferenceProvider>();
  private readonly simulated = new SimulatedInferenceProvider();

  constructor(@Inject(APP_SETTINGS) private readonly settings: AppSettings) {
    super();

    for (const [key, endpoint] of settings.inferenceEndpoints) {
      this.clients.set(
        key,
        new OpenAiCompatibleInferenceClient(
          key,
          endpoint,
          settings.inferenceTimeoutMs,
        ),
      );
    }
  }

  forProvider(provider: string): InferenceProvider {
    const client = this.clients.get(endpointKeyOf(provider));
    if (client !== undefined) return client;
    if (this.settings.simulateUnconfiguredProviders) return this.simulated;

    throw new ProviderNotConfiguredError(provider, baseUrlVariableOf(provider));
  }
}
