import { AppSettings } from '../../../config/app-settings';
import { ProviderNotConfiguredError } from '../domain/runs.errors';
import {
  baseUrlVariableOf,
  ConfiguredInferenceProviderRegistry,
  endpointKeyOf,
} from './configured-inference-provider.registry';
import { OpenAiCompatibleInferenceClient } from './openai-compatible-inference.client';
import { SimulatedInferenceProvider } from './simulated-inference.provider';

function registryWith(simulate: boolean): ConfiguredInferenceProviderRegistry {
  const settings = {
    inferenceEndpoints: new Map([
      ['my-cloud', { baseUrl: 'http://127.0.0.1:9/v1', apiKey: undefined }],
    ]),
    inferenceTimeoutMs: 1000,
    simulateUnconfiguredProviders: simulate,
  } as AppSettings;

  return new ConfiguredInferenceProviderRegistry(settings);
}

describe('ConfiguredInferenceProviderRegistry', () => {
  it.each(['my-cloud', 'my_cloud', 'my.cloud'])(
    'serves %s from its endpoint',
    (provider) => {
      expect(registryWith(false).forProvider(provider)).toBeInstanceOf(
        OpenAiCompatibleInferenceClient,
      );
    },
  );

  it('simulates an unconfigured provider', () => {
    expect(registryWith(true).forProvider('openai')).toBeInstanceOf(
      SimulatedInferenceProvider,
    );
  });

  it('names the variable to set', () => {
    expect(() => registryWith(false).forProvider('azure.openai')).toThrow(
      new ProviderNotConfiguredError(
        'azure.openai',
        'INFERENCE_AZURE_OPENAI_BASE_URL',
      ),
    );
    expect(() => registryWith(false).forProvider('azure.openai')).toThrow(
      'No inference endpoint is configured for provider azure.openai; set INFERENCE_AZURE_OPENAI_BASE_URL, or set INFERENCE_SIMULATE_UNCONFIGURED=true to simulate it',
    );
  });
});

describe('endpointKeyOf', () => {
  it.each([
    ['openai', 'openai'],
    ['my_cloud', 'my-cloud'],
    ['v1.cloud-x', 'v1-cloud-x'],
  ])('maps %s to %s', (provider, key) => {
    expect(endpointKeyOf(provider)).toBe(key);
  });
});

describe('baseUrlVariableOf', () => {
  it('maps a slug to its variable', () => {
    expect(baseUrlVariableOf('my-cloud.eu')).toBe(
      'INFERENCE_MY_CLOUD_EU_BASE_URL',
    );
  });
});
