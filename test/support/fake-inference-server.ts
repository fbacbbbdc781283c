import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request the fake server received, with its JSON body parsed. */
export interface ReceivedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
  };
}

export interface FakeReply {
  status?: number;
  /** An object is sent as JSON; a string is sent as it is. */
  body: object | string;
  delayMs?: number;
}

/** An OpenAI-compatible chat completions server on 127.0.0.1 for tests. */
export interface FakeInferenceServer {
  /** Base URL ending in `/v1`, as INFERENCE_<PROVIDER>_BASE_URL expects. */
  baseUrl: string;
  requests: ReceivedRequest[];
  reply: (request: ReceivedRequest) => FakeReply;
  close(): Promise<void>;
}

/** Builds a successful chat completion body with the given output and token counts. */
export function chatCompletion(
  output: string,
  promptTokens: number,
  completionTokens: number,
): object {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: output },
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);

  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the fake server on a random port of 127.0.0.1. */
export async function startFakeInferenceServer(): Promise<FakeInferenceServer> {
  const fake: Omit<FakeInferenceServer, 'baseUrl' | 'close'> = {
    requests: [],
    reply: () => ({ body: chatCompletion('ok', 1, 1) }),
  };

  const server: Server = createServer((request, response) => {
    void readBody(request).then(async (text) => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
        body: text === '' ? {} : JSON.parse(text),
      };
      fake.requests.push(received);

      const reply = fake.reply(received);
      if (reply.delayMs !== undefined) {
        await new Promise((done) => setTimeout(done, reply.delayMs));
      }
      if (response.destroyed) return;

      response.writeHead(reply.status ?? 200, {
        'Content-Type': 'application/json',
      });
      response.end(
        typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body),
      );
    });
  });

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  }) as FakeInferenceServer;
}
