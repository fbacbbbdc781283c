import { Logger } from '@nestjs/common';
import { InferenceFailedError } from '../../src/modules/runs/domain/runs.errors';
import { OpenAiCompatibleInferenceClient } from '../../src/modules/runs/infrastructure/openai-compatible-inference.client';
import {
  chatCompletion,
  FakeInferenceServer,
  startFakeInferenceServer,
} from '../support/fake-inference-server';

describe('OpenAiCompatibleInferenceClient', () => {
  let server: FakeInferenceServer;
  const request = {
    model: { name: 'gpt-4o-mini', provider: 'openai' },
    input: 'Say hello',
  };

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(async () => {
    server = await startFakeInferenceServer();
  });

  afterEach(async () => {
    await server.close();
  });

  const client = (apiKey?: string, timeoutMs = 2000) =>
    new OpenAiCompatibleInferenceClient(
      'openai',
      { baseUrl: server.baseUrl, apiKey },
      timeoutMs,
    );

  async function failureOf(
    promise: Promise<unknown>,
  ): Promise<InferenceFailedError> {
    const error: unknown = await promise.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(InferenceFailedError);

    return error as InferenceFailedError;
  }

  it('returns output and tokens', async () => {
    server.reply = () => ({ body: chatCompletion('Hello!', 9, 3) });

    const result = await client('sk-test').complete(request);

    expect(result).toEqual({
      output: 'Hello!',
      inputTokens: 9,
      outputTokens: 3,
    });
  });

  it('sends the chat completion request', async () => {
    server.reply = () => ({ body: chatCompletion('Hello!', 9, 3) });

    await client('sk-test').complete(request);

    expect(server.requests).toEqual([
      {
        method: 'POST',
        url: '/v1/chat/completions',
        authorization: 'Bearer sk-test',
        body: {
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Say hello' }],
        },
      },
    ]);
  });

  it('omits Authorization without a key', async () => {
    await client().complete(request);

    expect(server.requests[0].authorization).toBeUndefined();
  });

  it('fails on a non-2xx status', async () => {
    server.reply = () => ({
      status: 429,
      body: { error: { message: 'Rate limit reached', type: 'requests' } },
    });

    const error = await failureOf(client().complete(request));

    expect(error.message).toBe(
      'Inference provider openai returned HTTP 429: Rate limit reached for model gpt-4o-mini',
    );
    expect(error.kind).toBe('upstream_failed');
  });

  it('fails on a non-2xx status without error body', async () => {
    server.reply = () => ({ status: 503, body: 'upstream unavailable' });

    const error = await failureOf(client().complete(request));

    expect(error.message).toBe(
      'Inference provider openai returned HTTP 503 for model gpt-4o-mini',
    );
  });

  it('fails on malformed JSON', async () => {
    server.reply = () => ({ body: '{"choices": [' });

    const error = await failureOf(client().complete(request));

    expect(error.message).toBe(
      'Inference provider openai returned a response that is not valid JSON for model gpt-4o-mini',
    );
  });

  it('fails on missing usage', async () => {
    server.reply = () => ({
      body: { choices: [{ message: { role: 'assistant', content: 'Hi' } }] },
    });

    const error = await failureOf(client().complete(request));

    expect(error.message).toBe(
      'Inference provider openai returned no usage.prompt_tokens and usage.completion_tokens as whole numbers from 0 to 100000000 for model gpt-4o-mini',
    );
  });

  it('fails on negative token counts', async () => {
    server.reply = () => ({ body: chatCompletion('Hi', -1, 3) });

    const error = await failureOf(client().complete(request));

    expect(error.message).toContain('returned no usage.prompt_tokens');
  });

  it('fails on token counts above the maximum', async () => {
    server.reply = () => ({ body: chatCompletion('Hi', 100_000_001, 3) });

    const error = await failureOf(client().complete(request));

    expect(error.message).toContain('returned no usage.prompt_tokens');
  });

  it.each([
    ['no choices', []],
    ['null content', [{ message: { role: 'assistant', content: null } }]],
  ])('bills the usage of an answer with %s', async (_, choices) => {
    server.reply = () => ({
      body: { choices, usage: { prompt_tokens: 500, completion_tokens: 60 } },
    });

    const result = await client().complete(request);

    expect(result).toEqual({ output: '', inputTokens: 500, outputTokens: 60 });
  });

  it('fails on a JSON array body', async () => {
    server.reply = () => ({ body: '[1, 2]' });

    const error = await failureOf(client().complete(request));

    expect(error.message).toBe(
      'Inference provider openai returned a JSON value that is not an object for model gpt-4o-mini',
    );
  });

  it('fails on a body over 4 MiB', async () => {
    server.reply = () => ({ body: 'x'.repeat(4 * 1024 * 1024 + 1) });

    const error = await failureOf(client().complete(request));

    expect(error.message).toBe(
      'Inference provider openai returned a response larger than 4194304 bytes for model gpt-4o-mini',
    );
  });

  it('reads a body of exactly 4 MiB', async () => {
    const body = JSON.stringify(chatCompletion('Hi', 1, 1));
    server.reply = () => ({
      body: body.padEnd(4 * 1024 * 1024, ' '),
    });

    const result = await client().complete(request);

    expect(result).toEqual({ output: 'Hi', inputTokens: 1, outputTokens: 1 });
  });

  it('times out', async () => {
    server.reply = () => ({
      body: chatCompletion('late', 1, 1),
      delayMs: 1000,
    });

    const startedAt = Date.now();
    const error = await failureOf(client(undefined, 200).complete(request));

    expect(error.message).toBe(
      'Inference provider openai timed out after 200 ms for model gpt-4o-mini',
    );
    expect(Date.now() - startedAt).toBeLessThan(900);
  });

  it('fails when unreachable', async () => {
    const unreachable = new OpenAiCompatibleInferenceClient(
      'openai',
      { baseUrl: server.baseUrl, apiKey: undefined },
      2000,
    );
    await server.close();

    const error = await failureOf(unreachable.complete(request));

    expect(error.message).toBe(
      'Inference provider openai could not be reached (ECONNREFUSED) for model gpt-4o-mini',
    );
    server = await startFakeInferenceServer();
  });
});
