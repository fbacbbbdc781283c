import {
  SimulatedInferenceProvider,
  simulatedTokenCount,
} from './simulated-inference.provider';

describe('simulatedTokenCount', () => {
  it.each([
    ['a', 1],
    ['abcd', 1],
    ['abcde', 2],
    ['x'.repeat(100000), 25000],
    ['😀😀😀😀😀', 2],
  ])('counts %s', (text, tokens) => {
    expect(simulatedTokenCount(text)).toBe(tokens);
  });
});

describe('SimulatedInferenceProvider', () => {
  const provider = new SimulatedInferenceProvider();
  const model = { name: 'gpt-4o-mini', provider: 'openai' };

  it('marks the output simulated', async () => {
    const result = await provider.complete({ model, input: 'Hello there' });

    expect(result.output).toBe(
      '[simulated] gpt-4o-mini received a prompt of 11 characters; configure an inference endpoint for provider openai to get a real answer.',
    );
  });

  it('derives tokens from the lengths', async () => {
    const result = await provider.complete({ model, input: 'Hello there' });

    expect(result.inputTokens).toBe(3);
    expect(result.outputTokens).toBe(Math.ceil(result.output.length / 4));
    expect(result.outputTokens).toBe(34);
  });

  it('repeats itself for the same request', async () => {
    const first = await provider.complete({ model, input: 'same' });
    const second = await provider.complete({ model, input: 'same' });

    expect(second).toEqual(first);
  });
});
