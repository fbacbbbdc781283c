import {
  InvalidLitellmPriceMapError,
  parseLitellmPriceMap,
  providerSlugOf,
} from './litellm-price-map';

describe('parseLitellmPriceMap', () => {
  it('converts per-token prices exactly', () => {
    const map = parseLitellmPriceMap(`{
      "a": {"input_cost_per_token": 4e-07, "output_cost_per_token": 1.5e-07, "litellm_provider": "openai"},
      "b": {"input_cost_per_token": 3e-06, "output_cost_per_token": 0.0000125, "litellm_provider": "openai"},
      "c": {"input_cost_per_token": 0, "output_cost_per_token": 1E-6, "litellm_provider": "openai"}
    }`);

    expect(map.prices).toEqual([
      {
        name: 'a',
        provider: 'openai',
        inputPricePerMillion: '0.4',
        outputPricePerMillion: '0.15',
      },
      {
        name: 'b',
        provider: 'openai',
        inputPricePerMillion: '3',
        outputPricePerMillion: '12.5',
      },
      {
        name: 'c',
        provider: 'openai',
        inputPricePerMillion: '0',
        outputPricePerMillion: '1',
      },
    ]);
    expect(map.skipped).toEqual([]);
  });

  it('skips sample_spec silently', () => {
    const map = parseLitellmPriceMap(
      '{"sample_spec": {"input_cost_per_token": 0, "output_cost_per_token": 0, "litellm_provider": "a provider name"}}',
    );

    expect(map).toEqual({ prices: [], skipped: [] });
  });

  it.each([
    [
      { output_cost_per_token: 1e-6, litellm_provider: 'x' },
      'no input_cost_per_token',
    ],
    [
      { litellm_provider: 'x', mode: 'image_generation' },
      'no input_cost_per_token and no output_cost_per_token',
    ],
    [
      { input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
      'litellm_provider missing is not a provider name',
    ],
    [
      {
        input_cost_per_token: '1e-6',
        output_cost_per_token: 1e-6,
        litellm_provider: 'x',
      },
      'input_cost_per_token is not a number',
    ],
    [
      {
        input_cost_per_token: -1e-6,
        output_cost_per_token: 1e-6,
        litellm_provider: 'x',
      },
      'input_cost_per_token -0.000001 is negative',
    ],
    [
      {
        input_cost_per_token: 1e-6,
        output_cost_per_token: 1e-19,
        litellm_provider: 'x',
      },
      'output_cost_per_token 1e-19 has more than 12 decimals per million tokens',
    ],
    ['text', 'entry is not an object'],
  ])('skips %j', (entry, reason) => {
    const map = parseLitellmPriceMap(JSON.stringify({ m: entry }));

    expect(map).toEqual({ prices: [], skipped: [{ name: 'm', reason }] });
  });

  it('skips a name longer than 200 characters', () => {
    const name = 'n'.repeat(201);
    const map = parseLitellmPriceMap(
      JSON.stringify({
        [name]: {
          input_cost_per_token: 1e-6,
          output_cost_per_token: 1e-6,
          litellm_provider: 'x',
        },
      }),
    );

    expect(map.skipped).toEqual([
      { name, reason: 'name longer than 200 characters' },
    ]);
  });

  it.each([
    [
      '1e99999999999999999999',
      'input_cost_per_token 1e99999999999999999999 is too large',
    ],
    [
      '1e-99999999999999999999',
      'input_cost_per_token 1e-99999999999999999999 has more than 12 decimals per million tokens',
    ],
  ])('skips the price %s beyond decimal range', (price, reason) => {
    const map = parseLitellmPriceMap(
      `{"m": {"input_cost_per_token": ${price}, "output_cost_per_token": 1e-6, "litellm_provider": "x"}}`,
    );

    expect(map).toEqual({ prices: [], skipped: [{ name: 'm', reason }] });
  });

  it.each([
    [' spaced ', 'name starts or ends with whitespace'],
    ['nul\u0000name', 'name contains a control character'],
    ['tab\tname', 'name contains a control character'],
    ['half\ud800name', 'name contains a lone surrogate'],
  ])('skips the name %j', (name, reason) => {
    const map = parseLitellmPriceMap(
      JSON.stringify({
        [name]: {
          input_cost_per_token: 1e-6,
          output_cost_per_token: 1e-6,
          litellm_provider: 'x',
        },
      }),
    );

    expect(map).toEqual({ prices: [], skipped: [{ name, reason }] });
  });

  it('reads a file that starts with a byte order mark', () => {
    const map = parseLitellmPriceMap(
      '\uFEFF{"m": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "litellm_provider": "x"}}',
    );

    expect(map.prices).toEqual([
      {
        name: 'm',
        provider: 'x',
        inputPricePerMillion: '1',
        outputPricePerMillion: '2',
      },
    ]);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseLitellmPriceMap('{"a": ')).toThrow(
      InvalidLitellmPriceMapError,
    );
  });

  it('rejects a top level that is not an object', () => {
    expect(() => parseLitellmPriceMap('[]')).toThrow(
      'the top level must be an object keyed by model name',
    );
  });
});

describe('providerSlugOf', () => {
  it.each([
    ['openai', 'openai'],
    ['vertex_ai-language-models', 'vertex_ai-language-models'],
    ['Azure AI', 'azure-ai'],
    ['_private', 'private'],
    ['x'.repeat(70), 'x'.repeat(64)],
  ])('turns %j into %j', (value, slug) => {
    expect(providerSlugOf(value)).toBe(slug);
  });

  it.each([[''], ['***'], [42]])('rejects %j', (value) => {
    expect(providerSlugOf(value)).toBeNull();
  });
});
